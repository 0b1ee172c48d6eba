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
        let keywordMap = try KeywordMap.named(map == "builtin" ? defaultMap : map)
        guard keywordMap.task == task else {
            throw ValidationError("the map \(keywordMap.name) is for '\(keywordMap.task)', not \(task)")
        }
        let result = try await LabelingWorkflow(store: store.open()).keywords(
            map: keywordMap, name: name, author: author ?? defaultAuthor(),
            dryRun: dryRun)
        var table = Table(header: ["class", "tracks", "share"], rightAligned: [1, 2])
        for (className, tracks) in result.counts {
            table.rows.append([className, "\(tracks)", percent(tracks, of: result.tracks)])
        }
        print(table.render())
        print(
            "coverage \(percent(result.labeled, of: result.tracks)) (\(result.labeled) of \(result.tracks) tracks), "
                + "ambiguous \(result.ambiguous) [\(keywordMap.policy.rawValue) policy]")
        if dryRun {
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
        if let set = result.labelSet {
            print("Wrote label set \(set.reference) (\(set.task)) [config \(set.configHash.prefix(12))]")
        }
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
