import ArgumentParser
import Foundation
import Store
import TextMining
import Workflows

struct Label: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mine labels from tags and write them as a new label set.",
        subcommands: [Emotion.self, Genre.self, Instrument.self, All.self])
}

extension Label {
    struct Emotion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Positive / negative labels from a polarity lexicon.",
            discussion: """
                Each track's score is the mean polarity of the lexicon entries its tags match (negations
                flip the sign). Tracks no entry matches are unscored and stay unlabeled. Exactly one of
                --top, --quantile or --threshold decides the cut; write negative numbers with '=':
                --threshold=-0.3,0.3.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var emotion: EmotionOptions

        @Option(help: "A name for the new label set.") var name: String?
        @Option(help: "Who makes the label set (default: the OS user).") var author: String?
        @Flag(help: "Show the histogram and counts without writing a label set.") var dryRun = false

        func validate() throws {
            _ = try emotion.cut.required()
        }

        func run() async throws {
            let request = try emotion.request(name: name, author: author ?? defaultAuthor())
            Self.report(try await LabelingWorkflow(store: store.open()).emotion(request, dryRun: dryRun))
        }

        /// Prints the scores' histogram with the cut, the counts and the set written.
        static func report(_ result: EmotionLabeling) {
            let scored = result.scores.count
            print("Scores of \(scored) tracks (\(result.unscored) of \(result.tracks) unscored):")
            print(
                Histogram(
                    values: result.scores,
                    markers: [
                        (result.low, String(format: "negative ≤ %+.3f", result.low)),
                        (result.high, String(format: "positive ≥ %+.3f", result.high)),
                    ]
                ).render())
            let counts =
                "positive \(result.positive), negative \(result.negative), unlabeled \(result.tracks - result.positive - result.negative)"
            guard let set = result.labelSet else {
                return print("Dry run: \(counts); nothing written (config \(result.configHash.prefix(12)))")
            }
            print("Wrote label set \(set.reference) (emotion): \(counts) [config \(set.configHash.prefix(12))]")
        }
    }
}

/// The lexicon, scoring options and cut of emotion labeling, shared by `label emotion` and `label all`.
struct EmotionOptions: ParsableArguments {
    @Option(help: "A polarity lexicon file, or 'builtin' for Tagmine's English + Japanese music lexicon.")
    var lexicon = "builtin"

    @Option(
        help: "pn-table, tohoku, vader, afinn or generic (default: detected).",
        transform: { try choice($0, as: LexiconFormat.init(rawValue:), choices: LexiconFormat.allCases) })
    var lexiconFormat: LexiconFormat?

    @Option(
        help: "The lexicon's encoding: auto, utf-8, cp932 or utf-16.",
        transform: { try choice($0, as: TextEncoding.init(name:), choices: TextEncoding.allCases) })
    var lexiconEncoding: TextEncoding = .auto

    @OptionGroup var cut: SelectionOptions

    @Flag(help: "Score descriptions as well as tags.") var includeDescription = false
    @Flag(help: "Do not flip the sign of negated terms.") var noNegation = false
    @Flag(help: "Subtract each part of speech's mean score (for biased lexicons such as the PN Table).")
    var centrePos = false
    @Option(help: "Entries with |score| below this count as no evidence.") var neutralBand = 0.0
    @Flag(help: "Score tracks with no lexicon match as 0 instead of leaving them unscored.")
    var unscoredAsZero = false

    func validate() throws {
        guard neutralBand >= 0 && neutralBand < 1 else { throw ValidationError("--neutral-band must be in [0, 1)") }
    }

    /// The request these options make, with the lexicon loaded.
    func request(name: String?, author: String) throws -> EmotionRequest {
        let polarity =
            lexicon == "builtin"
            ? try BuiltinLexicons.polarity()
            : try PolarityLexicon.load(path: lexicon, format: lexiconFormat, encoding: lexiconEncoding)
        return EmotionRequest(
            lexicon: polarity,
            options: PolarityOptions(
                includeDescription: includeDescription, negation: !noNegation, centrePerPartOfSpeech: centrePos,
                neutralBand: neutralBand),
            selection: try cut.required(), unscoredAsZero: unscoredAsZero, name: name, author: author)
    }
}

/// `--top N | --quantile Q | --threshold LOW,HIGH`: how emotion scores are cut into labels.
struct SelectionOptions: ParsableArguments {
    @Option(help: "The N highest-scoring tracks positive, the N lowest negative.") var top: Int?
    @Option(help: "The top and bottom share Q of scored tracks (0 < Q < 0.5).") var quantile: Double?
    @Option(help: "LOW,HIGH: scores ≤ LOW negative, ≥ HIGH positive.") var threshold: String?

    /// The selection given, `nil` when none; more than one, or a malformed threshold, is an error.
    func selection() throws -> EmotionSelection? {
        guard [top != nil, quantile != nil, threshold != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("give only one of --top, --quantile or --threshold")
        }
        if let top { return .top(top) }
        if let quantile { return .quantile(quantile) }
        guard let threshold else { return nil }
        let parts = threshold.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 else { throw ValidationError("--threshold takes LOW,HIGH, e.g. --threshold=-0.3,0.3") }
        return .threshold(low: parts[0], high: parts[1])
    }

    /// The selection, which must be given.
    func required() throws -> EmotionSelection {
        guard let selection = try selection() else {
            throw ValidationError("give exactly one of --top, --quantile or --threshold")
        }
        return selection
    }
}
