import Crypto
import Foundation
import GRDB
import TextMining

extension Store {
    /// Scores every track's tags against a polarity lexicon and writes a `positive` / `negative`
    /// label set, with each track's score and evidence kept for re-cutting later.
    public func labelEmotion(_ request: EmotionRequest, dryRun: Bool = false) async throws -> EmotionLabeling {
        let includeDescription = request.options.includeDescription
        let (index, descriptions) = try await writer.read { db in
            (
                try TrackTagIndex(db),
                includeDescription
                    ? try Dictionary(
                        uniqueKeysWithValues: Row.fetchAll(
                            db, sql: "SELECT id, description FROM track WHERE description IS NOT NULL"
                        ).map { ($0[0] as Int64, $0[1] as String) }) : [:]
            )
        }
        let scorer = PolarityScorer(lexicon: request.lexicon, options: request.options)
        let encoder = JSONEncoder.sorted
        var parts: [TagPolarity] = []
        parts.reserveCapacity(index.tagNames.count)
        for name in index.tagNames { parts.append(try scorer.polarity(of: name)) }

        var scores: [NewLabelSet.Score] = []
        var unscored = 0
        for track in index.trackIDs.indices {
            var tally = PolarityTally()
            for tag in index.tags(ofTrack: track) { tally.add(parts[Int(tag)]) }
            var evidence: String?
            if let description = descriptions[index.trackIDs[track]] {
                let part = try scorer.polarity(of: description, source: "description")
                tally.add(part)
                if !part.matches.isEmpty { evidence = try encoder.string(part.matches) }
            }
            guard let score = tally.mean ?? (request.unscoredAsZero ? 0 : nil) else {
                unscored += 1
                continue
            }
            scores.append(NewLabelSet.Score(trackID: index.trackIDs[track], score: score, evidence: evidence))
        }
        let cut = try request.selection.cut(scores.map { ($0.trackID, $0.score) })
        let configHash = try Self.configHash(request)
        var outcome = EmotionLabeling(
            scores: scores.map(\.score), tracks: index.trackIDs.count, unscored: unscored,
            positive: cut.positive.count, negative: cut.negative.count, low: cut.low, high: cut.high,
            configHash: configHash)
        if dryRun { return outcome }

        let labels =
            (cut.positive.map { NewLabelSet.Label(trackID: $0, className: "positive") }
            + cut.negative.map { NewLabelSet.Label(trackID: $0, className: "negative") })
            .sorted { $0.trackID < $1.trackID }
        let operation = try encoder.string(
            EmotionOperation(
                lexicon: request.lexicon.name, options: request.options, selection: request.selection,
                unscoredAsZero: request.unscoredAsZero))
        var tagEvidence: [NewLabelSet.TagEvidence] = []
        for (position, part) in parts.enumerated() where !part.matches.isEmpty {
            tagEvidence.append(
                NewLabelSet.TagEvidence(tagID: index.tagIDs[position], evidence: try encoder.string(part.matches)))
        }
        outcome.labelSet = try await write(
            NewLabelSet(
                task: "emotion", classes: ["positive", "negative"], name: request.name,
                operation: operation, configHash: configHash, author: request.author,
                labels: labels, scores: scores, tagEvidence: tagEvidence))
        return outcome
    }

    /// SHA-256 over the lexicon's entries and every option that decides the labels.
    static func configHash(_ request: EmotionRequest) throws -> String {
        var hasher = SHA256()
        for entry in request.lexicon.entries {
            hasher.update(data: Data("\(entry.key)\t\(entry.pos?.rawValue ?? "")\t\(entry.score)\n".utf8))
        }
        hasher.update(
            data: try JSONEncoder.sorted.encode(
                EmotionOperation(
                    lexicon: "", options: request.options, selection: request.selection,
                    unscoredAsZero: request.unscoredAsZero)))
        return hasher.finalize().hexString
    }
}

/// The operation recorded with an emotion label set.
private struct EmotionOperation: Encodable {
    let op = "label-emotion"
    var lexicon: String
    var options: PolarityOptions
    var selection: EmotionSelection
    var unscoredAsZero: Bool
}
