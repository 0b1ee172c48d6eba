import Crypto
import Foundation
public import Records
public import Store
import TextMining

/// What `tagmine relabel` asks for: operations on a parent version, and who makes the new one.
public struct RelabelRequest: Sendable {
    /// The version changed.
    public var parent: LabelSet
    /// The changes, applied in order.
    public var operations: [RelabelOperation]
    /// The new version's name.
    public var name: String?
    /// Who makes it.
    public var author: String
    /// Why (kept in the operation and with every manual label).
    public var note: String?
    /// Refuse the request if the parent already has a child: what annotators editing one version
    /// concurrently need, so that neither overwrites the other's work unseen.
    public var requireLatest: Bool

    /// Creates a request.
    public init(
        parent: LabelSet, operations: [RelabelOperation], name: String? = nil, author: String, note: String? = nil,
        requireLatest: Bool = false
    ) {
        self.parent = parent
        self.operations = operations
        self.name = name
        self.author = author
        self.note = note
        self.requireLatest = requireLatest
    }
}

/// Relabeling: drop, merge, rename, re-cut and correct single tracks, as a new version.
public struct RelabelWorkflow: Sendable {
    /// The store read and written.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Applies `request.operations` to the parent's labels and writes the result as one new version
    /// whose parent is `request.parent`. Every operation is checked first: an unknown class or track,
    /// merging a class into itself or dropping the last class throws and writes nothing.
    ///
    /// Relabels of the same parent by two processes at once both succeed, as two versions.
    public func relabel(_ request: RelabelRequest) async throws -> LabelSet {
        guard !request.operations.isEmpty else {
            throw StoreError(
                .invalidRequest, "no operation: give --drop, --merge, --rename, --rethreshold, --set or --unset")
        }
        let parent = request.parent
        let encoder = JSONEncoder.sorted
        let operation = try encoder.string(
            LabelOperation.relabel(
                operations: request.operations, summary: request.operations.map(\.summary).joined(separator: "; "),
                note: request.note))
        if request.requireLatest { try await store.requireLatest(parent) }
        var editor = LabelEditor(classes: parent.classes, parentLabels: try await store.labelRecords(ofSet: parent.id))
        for change in request.operations {
            switch change {
            case .drop(let name): try editor.drop(name)
            case .merge(let sources, let target): try editor.merge(sources, into: target)
            case .rename(let name, let newName): try editor.rename(name, to: newName)
            case .rethreshold(let selection): try await rethreshold(&editor, parent: parent, selection: selection)
            case .set(let track, let classes, let note):
                let trackID = try await store.trackID(catalogueID: track)
                let evidence = LabelEvidence.correction(
                    author: request.author, note: note ?? request.note,
                    previous: editor.labels[trackID]?.map(\.className) ?? [])
                try editor.set(trackID, to: classes, evidence: evidence)
            case .unset(let track, _):
                editor.unset(try await store.trackID(catalogueID: track))
            }
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(parent.configHash)\n\(operation)".utf8))
        return try await store.write(
            NewLabelSet(
                task: parent.task, classes: editor.classes, name: request.name, parentID: parent.id,
                operation: operation, configHash: hasher.finalize().hexString, author: request.author,
                labels: editor.orderedLabels, evidenceSetID: parent.evidenceSetID),
            requireLatest: request.requireLatest)
    }

    /// Re-cuts an emotion set over its stored scores; the parent's manual corrections stay on top.
    private func rethreshold(
        _ editor: inout LabelEditor, parent: LabelSet, selection: EmotionSelection
    ) async throws {
        guard Set(editor.classes) == Set(EmotionClass.allCases.map(\.rawValue)) else {
            throw StoreError(
                .invalidRequest,
                "--rethreshold needs an emotion set with the classes positive and negative; this one has \(editor.classes.joined(separator: ", "))"
            )
        }
        let scores = try await store.labelScores(ofSet: parent.evidenceSetID)
        guard !scores.isEmpty else {
            throw StoreError(
                .invalidRequest,
                "label set \(parent.id) has no stored scores to cut again; --rethreshold works on emotion sets")
        }
        let cut = try selection.cut(scores)
        let manual = editor.labels.filter { $0.value.contains { $0.origin == .manual } }
        editor.labels = [:]
        for (emotion, tracks) in [(EmotionClass.positive, cut.positive), (.negative, cut.negative)] {
            for track in tracks {
                editor.labels[track] = [NewLabelSet.Label(trackID: track, className: emotion.rawValue, origin: .rule)]
            }
        }
        editor.labels.merge(manual) { _, kept in kept }
    }
}
