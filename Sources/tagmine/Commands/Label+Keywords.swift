import ArgumentParser
import Foundation
import Store
import TextMining
import Workflows

/// Options shared by `label genre` and `label instrument`.
struct KeywordLabelOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(help: "A keyword map (TOML), 'builtin', or the name of a shipped map (genre-seed, instrument-seed, genre).")
    var map = "builtin"

    @Option(help: "A name for the new label set.") var name: String?
    @Option(help: "Who makes the label set (default: the OS user).") var author: String?
    @Flag(help: "Show counts, coverage and the rule table without writing a label set.") var dryRun = false

    /// Labels with `keywordMap` and prints the outcome.
    func run(task: String, builtin defaultMap: String) async throws {
        let keywordMap = try Self.keywordMap(map, task: task, builtin: defaultMap)
        let result = try await LabelingWorkflow(store: store.open()).keywords(
            map: keywordMap, name: name, author: author ?? defaultAuthor(),
            dryRun: dryRun)
        Self.report(result, map: keywordMap)
    }

    /// The map `name` names (`builtin`: `defaultMap`), which must be one for `task`.
    static func keywordMap(_ name: String, task: String, builtin defaultMap: String) throws -> KeywordMap {
        let keywordMap = try KeywordMap.named(name == "builtin" ? defaultMap : name)
        guard keywordMap.task == task else {
            throw ValidationError("the map \(keywordMap.name) is for '\(keywordMap.task)', not \(task)")
        }
        return keywordMap
    }

    /// Prints the class counts and coverage, and on a dry run the rule table; else the set written.
    static func report(_ result: KeywordLabeling, map keywordMap: KeywordMap) {
        var table = Table(header: ["class", "tracks", "share"], rightAligned: [1, 2])
        for (className, tracks) in result.counts {
            table.rows.append([className, "\(tracks)", percent(tracks, of: result.tracks)])
        }
        print(table.render())
        print(
            "coverage \(percent(result.labeled, of: result.tracks)) (\(result.labeled) of \(result.tracks) tracks), "
                + "ambiguous \(result.ambiguous) [\(keywordMap.policy.rawValue) policy]")
        guard let set = result.labelSet else {
            var rules = Table(header: ["keyword", "class", "kind", "tracks", "conflicts"], rightAligned: [3, 4])
            for stats in result.rules.sorted(by: { $0.tracks > $1.tracks }) {
                rules.rows.append([
                    stats.rule.text, stats.rule.className, stats.rule.excludes ? "exclude" : "keyword",
                    "\(stats.tracks)",
                    "\(stats.conflicts)",
                ])
            }
            print("\n" + rules.render())
            return print("Dry run: nothing written (config \(result.configHash.prefix(12)))")
        }
        print("Wrote label set \(set.reference) (\(set.task)) [config \(set.configHash.prefix(12))]")
    }
}

extension Label {
    struct Genre: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Genre labels from a keyword map (builtin: Lexicons/genre.toml).")

        @OptionGroup var options: KeywordLabelOptions

        func run() async throws {
            try await options.run(task: "genre", builtin: "genre")
        }
    }

    struct Instrument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Instrument labels from a keyword map (builtin: Lexicons/instrument-seed.toml).")

        @OptionGroup var options: KeywordLabelOptions

        func run() async throws {
            try await options.run(task: "instrument", builtin: "instrument-seed")
        }
    }
}

extension Label {
    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Emotion, genre and instrument labels in one pass over the catalogue.",
            discussion: """
                Each task's label set is the one `label emotion`, `label genre` or `label instrument` would \
                write, but the catalogue's tags are read once and the tasks worked out side by side, which \
                takes about half the time of running them one by one. The sets are written together: all \
                of them, or on an error none. --tasks chooses which; emotion needs one of --top, \
                --quantile or --threshold.
                """)

        /// The tasks `label all` knows, in the order their sets are written.
        enum Task: String, CaseIterable, ExpressibleByArgument {
            case emotion, genre, instrument
        }

        @OptionGroup var store: StoreOptions

        @Option(
            help: "Comma-separated tasks: emotion, genre, instrument (default: all three).",
            transform: { value in
                try value.split(separator: ",").map {
                    try choice(
                        String($0).trimmingCharacters(in: .whitespaces), as: Task.init(rawValue:),
                        choices: Task.allCases)
                }
            })
        var tasks: [Task] = Task.allCases

        @OptionGroup var emotion: EmotionOptions

        @Option(help: "The genre keyword map (TOML), 'builtin' (Lexicons/genre.toml) or a shipped map's name.")
        var genreMap = "builtin"
        @Option(help: "The instrument keyword map, 'builtin' (Lexicons/instrument-seed.toml) or a shipped map's name.")
        var instrumentMap = "builtin"

        @Option(help: "Who makes the label sets (default: the OS user).") var author: String?
        @Flag(help: "Show each task's outcome without writing label sets.") var dryRun = false

        func validate() throws {
            guard !tasks.isEmpty else { throw ValidationError("--tasks names no task") }
            guard Set(tasks).count == tasks.count else { throw ValidationError("--tasks names a task twice") }
            if tasks.contains(.emotion) { _ = try emotion.cut.required() }
        }

        func run() async throws {
            let author = author ?? defaultAuthor()
            let ordered = Task.allCases.filter(tasks.contains)
            var maps: [KeywordMap] = []
            let requests: [LabelingTask] = try ordered.map { task in
                switch task {
                case .emotion: return .emotion(try emotion.request(name: nil, author: author))
                case .genre, .instrument:
                    let map = try KeywordLabelOptions.keywordMap(
                        task == .genre ? genreMap : instrumentMap, task: task.rawValue,
                        builtin: task == .genre ? "genre" : "instrument-seed")
                    maps.append(map)
                    return .keywords(map, name: nil, author: author)
                }
            }
            let outcomes = try await LabelingWorkflow(store: store.open()).label(requests, dryRun: dryRun)
            for (task, outcome) in zip(ordered, outcomes) {
                print("\(task.rawValue.capitalized):")
                switch outcome {
                case .emotion(let result): Emotion.report(result)
                case .keywords(let result): KeywordLabelOptions.report(result, map: maps.removeFirst())
                }
                print()
            }
        }
    }
}
