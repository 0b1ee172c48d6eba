import ArgumentParser
import Catalog
import Foundation
import Store
import Workflows

struct Relabel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new version of a label set with classes dropped, merged, renamed or tracks corrected.",
        discussion: """
            The operations apply in this order, each to the result of the one before: --rethreshold,
            --rename, --merge, --drop, then --from-file, --set and --unset in the order given. Every
            operation is checked first; on any error nothing is written. The parent is never changed.

            Examples:
              tagmine relabel genre-v1 --drop pops --name genre-v2-no-pops
              tagmine relabel 3 --merge rock,metal=rock --rename classical=orchestral
              tagmine relabel emotion-v1 --rethreshold --quantile 0.1
              tagmine relabel genre-v2 --set T0000042=ballad --note "slow piano intro" --author kana
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The parent label set's id or name.") var set: String

    @Option(help: ArgumentHelp("Drop a class: its tracks become unlabeled.", valueName: "class")) var drop: [String] =
        []
    @Option(help: ArgumentHelp("Merge classes: A,B=C.", valueName: "sources=target")) var merge: [String] = []
    @Option(help: ArgumentHelp("Rename a class: OLD=NEW.", valueName: "old=new")) var rename: [String] = []
    @Flag(help: "Cut an emotion set again over its stored scores (with --top, --quantile or --threshold).")
    var rethreshold = false
    @OptionGroup var cut: SelectionOptions
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Correct a track: TRACK=CLASS (A+B for several).", valueName: "track=class"))
    var corrections: [String] = []
    @Option(help: ArgumentHelp("Remove a track's labels.", valueName: "track")) var unset: [String] = []
    @Option(
        help: ArgumentHelp("Corrections from a CSV: track_id,label[,note]; an empty label unsets.", valueName: "file"))
    var fromFile: String?

    @Option(help: "A name for the new label set.") var name: String?
    @Option(help: "Who makes the change (default: the OS user).") var author: String?
    @Option(help: "Why: kept with the version and every manual label.") var note: String?

    func validate() throws {
        let selection = try cut.selection()
        if rethreshold && selection == nil {
            throw ValidationError("--rethreshold needs --top, --quantile or --threshold")
        }
        if !rethreshold && selection != nil {
            throw ValidationError("--top, --quantile and --threshold go with --rethreshold")
        }
    }

    func run() async throws {
        let store = try store.open()
        let parent = try await store.labelSet(named: set)
        var operations: [RelabelOperation] = []
        if rethreshold { operations.append(.rethreshold(try cut.required())) }
        operations += try rename.map(RelabelOperation.rename(parsing:))
        operations += try merge.map(RelabelOperation.merge(parsing:))
        operations += drop.map(RelabelOperation.drop)
        if let fromFile { operations += try Self.corrections(from: LabelFile(path: fromFile)) }
        operations += try corrections.map { try RelabelOperation.set(parsing: $0, note: nil) }
        operations += unset.map { RelabelOperation.unset(track: $0, note: nil) }

        let child = try await RelabelWorkflow(store: store).relabel(
            RelabelRequest(
                parent: parent, operations: operations, name: name, author: author ?? defaultAuthor(), note: note))
        let diff = try await store.diff(parent, child, limit: 0)
        print(
            "Wrote label set \(child.reference) from \(parent.id): \(operations.map(\.summary).joined(separator: "; "))"
        )
        let table = diff.classTable(before: "before", after: "after", changedOnly: true)
        if !table.rows.isEmpty { print(table.render()) }
        print("\(diff.changedTracks) tracks changed; `tagmine labels diff \(parent.id) \(child.id)` lists them")
    }

    /// A corrections file as operations: rows of one track together (several rows: several labels).
    static func corrections(from file: LabelFile) -> [RelabelOperation] {
        var order: [String] = []
        var rows: [String: [LabelFile.Row]] = [:]
        for row in file.rows {
            if rows[row.track] == nil { order.append(row.track) }
            rows[row.track, default: []].append(row)
        }
        return order.map { track in
            let trackRows = rows[track, default: []]
            let classes = trackRows.compactMap(\.label)
            let note = trackRows.compactMap(\.note).first
            return classes.isEmpty ? .unset(track: track, note: note) : .set(track: track, classes: classes, note: note)
        }
    }
}
