extension PolarityLexicon {
    /// Reads a lexicon file in `format` (detected from its first data line when `nil`) and any
    /// ``TextEncoding``; a malformed line is an error naming the file and line.
    public static func load(
        path: String, format: LexiconFormat? = nil, encoding: TextEncoding = .auto, name: String? = nil
    ) throws(TextMiningError) -> PolarityLexicon {
        var lines = try TextLines(path: path, encoding: encoding)
        var parser: LineParser?
        var entries: [Entry] = []
        while let (number, raw) = lines.next() {
            let text = number == 1 && raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
            if text.trimmingWhitespaceScalars().isEmpty || text.hasPrefix("#") { continue }
            if parser == nil {
                parser = LineParser(format: format ?? LexiconFormat.detect(firstLine: text), path: path)
                if parser?.isHeader(text) == true { continue }
            }
            if let entry = try parser?.entry(text, line: number) { entries.append(entry) }
        }
        if let error = lines.error { throw error }
        guard let parser, !entries.isEmpty else {
            throw TextMiningError(
                .emptyLexicon, file: path, "no lexicon entries", hint: "Check the file and its --format")
        }
        return PolarityLexicon(name: name ?? path, entries: parser.rescaled(entries))
    }
}

/// Parses the lines of one lexicon format.
private struct LineParser {
    let format: LexiconFormat
    let path: String

    /// Whether a generic lexicon's first line is a header (its score column is not a number).
    func isHeader(_ text: String) -> Bool {
        guard format == .generic else { return false }
        let parts = fields(text)
        return parts.count >= 2 && Double(parts[1]) == nil
    }

    /// The entry on a data line; `nil` for lines that carry no polarity (Tohoku's neutral `e`).
    func entry(_ text: String, line: Int) throws(TextMiningError) -> PolarityLexicon.Entry? {
        switch format {
        case .pnTable:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, let score = Double(parts[3].trimmingWhitespaceScalars()), !parts[0].isEmpty else {
                throw malformed(line, expected: "word:reading:POS:score, e.g. 優れる:すぐれる:動詞:1")
            }
            return make(term: parts[0], pos: PartOfSpeech(label: parts[2]), score: score, line: line)
        case .tohoku:
            let parts = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else {
                throw malformed(line, expected: "POLARITY<TAB>phrase (ポジ（経験）<TAB>明るい) or noun<TAB>p|n|e")
            }
            if parts[0].hasPrefix("ポジ") || parts[0].hasPrefix("ネガ") {
                let score: Double = parts[0].hasPrefix("ポジ") ? 1 : -1
                return make(term: parts[1], pos: nil, score: score, line: line)
            }
            switch parts[1].trimmingWhitespaceScalars() {
            case "p": return make(term: parts[0], pos: .noun, score: 1, line: line)
            case "n": return make(term: parts[0], pos: .noun, score: -1, line: line)
            case "e", "?p?n", "?n?p", "a": return nil
            default: throw malformed(line, expected: "noun<TAB>p|n|e<TAB>note")
            }
        case .vader:
            let parts = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, let mean = Double(parts[1]), !parts[0].isEmpty else {
                throw malformed(line, expected: "token<TAB>mean<TAB>std<TAB>[ratings]")
            }
            return make(term: parts[0], pos: nil, score: mean / 4, line: line)
        case .afinn:
            let parts = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let value = Int(parts[1].trimmingWhitespaceScalars()), !parts[0].isEmpty else {
                throw malformed(line, expected: "word<TAB>integer from -5 to 5")
            }
            return make(term: parts[0], pos: nil, score: Double(value) / 5, line: line)
        case .generic:
            let parts = fields(text)
            guard parts.count >= 2, let score = Double(parts[1]), !parts[0].isEmpty, score.isFinite else {
                throw malformed(line, expected: "term,score[,pos]")
            }
            var pos: PartOfSpeech?
            if parts.count >= 3 && !parts[2].isEmpty {
                guard let parsed = PartOfSpeech(label: parts[2]) else {
                    throw malformed(line, expected: "a part of speech (noun, verb, adjective, adverb, 名詞, 動詞, 形容詞, …)")
                }
                pos = parsed
            }
            return make(term: parts[0], pos: pos, score: score, line: line)
        }
    }

    /// Scores mapped onto [-1, 1]. Generic lexicons may use any symmetric scale (-5…5, -100…100):
    /// they are divided by their largest magnitude when it exceeds 1. The other formats' scales are
    /// fixed and already mapped; anything still outside is clamped.
    func rescaled(_ entries: [PolarityLexicon.Entry]) -> [PolarityLexicon.Entry] {
        let largest = entries.map { abs($0.score) }.max() ?? 1
        let divisor = format == .generic && largest > 1 ? largest : 1
        return entries.map { entry in
            var copy = entry
            copy.score = min(max(entry.score / divisor, -1), 1)
            return copy
        }
    }

    private func fields(_ text: String) -> [String] {
        let separator: Character = text.contains("\t") ? "\t" : ","
        return text.split(separator: separator, omittingEmptySubsequences: false).map {
            String($0).trimmingWhitespaceScalars()
        }
    }

    private func make(term: String, pos: PartOfSpeech?, score: Double, line: Int) -> PolarityLexicon.Entry {
        let words = term.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        return PolarityLexicon.Entry(
            term: term, key: PolarityLexicon.key(forWords: words), words: max(words.count, 1), pos: pos,
            score: score, line: line)
    }

    private func malformed(_ line: Int, expected: String) -> TextMiningError {
        TextMiningError(
            .malformedEntry, file: path, line: line, "not a \(format.rawValue) entry",
            hint: "Expected \(expected); pass --lexicon-format if the format was guessed wrong")
    }
}
