import ArgumentParser
import Store
import Workflows

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a label set's tracks as a dataset: Neural Network Console CSVs, CSV or JSON Lines.",
        discussion: """
            nnc: one CSV per split part (train.csv, validation.csv, test.csv or fold-1.csv …; dataset.csv
            without a split) with the header x:audio,y:label and the class index (one-hot y__0:A,y__1:B …
            columns for a multi-label set), plus classes.csv. Tracks without an audio path, or in no
            part of the split, are left out and listed.
            csv / jsonl: labels.csv or labels.jsonl with track id, audio path, label(s) and part, and with
            --tags / --evidence the tags and the evidence behind each label. CSV cells that a spreadsheet
            would run as a formula are prefixed with '.

            The split is --split (id or name), else the set's latest split, else none.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The label set's id or name.") var set: String
    @Option(help: "The split whose parts to write (default: the set's latest split).") var split: String?
    @Flag(help: "Write no split parts even if the set has a split.") var noSplit = false
    @Option(
        help: "nnc, csv or jsonl.",
        transform: { try choice($0, as: ExportFormat.init(rawValue:), choices: ExportFormat.allCases) })
    var format: ExportFormat
    @Option(help: "The folder to write (created when missing).") var out: String
    @Flag(help: "Audio paths relative to --out instead of absolute.") var relativePaths = false
    @Flag(help: "Include each track's tags (csv, jsonl).") var tags = false
    @Flag(help: "Include the evidence behind each label (csv, jsonl).") var evidence = false
    @Option(help: "Attach this run's predictions to the tasks (labelstudio).") var run: String?

    func validate() throws {
        if run != nil && format != .labelstudio { throw ValidationError("--run goes with --format labelstudio") }
    }

    func run() async throws {
        let store = try store.open()
        let labelSet = try await store.labelSet(named: set)
        let chosen = noSplit ? nil : try await store.split(named: split, of: labelSet)
        let chosenRun = if let run { try await store.run(named: run) } else { Run?.none }
        let summary = try await ExportWorkflow(store: store).export(
            ExportRequest(
                labelSet: labelSet, split: chosen, format: format, directory: out, includeTags: tags,
                includeEvidence: evidence, relativePaths: relativePaths,
                run: chosenRun))
        let splitText = chosen.map { " with split \($0.id)" } ?? ""
        print("Exported label set \(labelSet.id)\(splitText) as \(format.rawValue):")
        for file in summary.files { print("  \(file.path)  \(file.rows) rows") }
        if !summary.skipped.isEmpty {
            let shown = summary.skipped.prefix(10).joined(separator: ", ")
            print(
                "Left out \(summary.skipped.count) tracks without audio or split part: \(shown)\(summary.skipped.count > 10 ? " …" : "")"
            )
        }
    }
}
