import ArgumentParser
import Foundation
import Store
import Workflows

struct SplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a label set's tracks into train / validation / test or k folds, and store the split.",
        discussion: """
            Stratified by class (for multi-label sets, by each track's rarest label) and, with --group-by,
            grouped so that no artist (album) has tracks in two parts. The same set, options and --seed
            always give the same split. --from-attribute uses parts the catalogue already has.

            Examples:
              tagmine split genre-v2 --test 0.15 --validation 0.15 --group-by artist --seed 7
              tagmine split genre-v2 --folds 5 --group-by artist
              tagmine split gtzan --from-attribute fold
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The label set's id or name.") var set: String
    @Option(help: "The test share (0 < T < 1).") var test: Double?
    @Option(help: "The validation share (with --test).") var validation = 0.0
    @Option(help: "K folds for cross-validation instead of a holdout split.") var folds: Int?
    @Option(help: "Use the parts a track attribute gives (an imported column).") var fromAttribute: String?
    @Option(
        help: "Keep each artist's (album's) tracks in one part: artist or album.",
        transform: {
            try choice($0, as: SplitRequest.Grouping.init(rawValue:), choices: SplitRequest.Grouping.allCases)
        })
    var groupBy: SplitRequest.Grouping?
    @Option(help: "The random seed.") var seed: UInt64 = 0
    @Option(help: "A name for the split.") var name: String?
    @Option(help: "Who makes the split (default: the OS user).") var author: String?

    func validate() throws {
        guard [test != nil, folds != nil, fromAttribute != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --test (with --validation), --folds or --from-attribute")
        }
        if validation != 0 && test == nil { throw ValidationError("--validation goes with --test") }
    }

    func run() async throws {
        let store = try store.open()
        let labelSet = try await store.labelSet(named: set)
        let method: SplitRequest.Method =
            if let folds { .folds(folds) } else if let fromAttribute { .attribute(fromAttribute) } else {
                .holdout(test: test ?? 0, validation: validation)
            }
        let outcome = try await SplitWorkflow(store: store).split(
            labelSet,
            SplitRequest(method: method, groupBy: groupBy, seed: seed, name: name, author: author ?? defaultAuthor()))
        for warning in outcome.warnings { printError("Warning: \(warning)") }
        let split = outcome.split
        let label = split.name.map { " '\($0)'" } ?? ""
        print("Wrote split \(split.id)\(label) of label set \(labelSet.id): \(split.parts.joined(separator: ", "))")
        print(Self.table(split, classes: labelSet.classes).render())
    }

    /// Per class, its tracks in each part.
    static func table(_ split: Split, classes: [String]) -> Table {
        var table = Table(header: ["class"] + split.parts, rightAligned: Set(1...split.parts.count))
        for className in classes + ["all"] {
            table.rows.append(
                [className]
                    + split.parts.map { part in
                        let counts = split.counts[part] ?? [:]
                        return "\(className == "all" ? counts.values.reduce(0, +) : counts[className] ?? 0)"
                    })
        }
        return table
    }
}
