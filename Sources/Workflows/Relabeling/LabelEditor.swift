import Records
import Store

/// A label set's classes and labels in memory while a relabel changes them. Every operation checks
/// its arguments against the current state and throws before changing anything.
struct LabelEditor {
    private(set) var classes: [String]
    /// Each labeled track's labels.
    var labels: [Int64: [NewLabelSet.Label]]

    /// The parent's labels as the child's starting point: rule, imported and inherited labels become
    /// `inherited`; manual corrections stay manual, with their evidence.
    init(classes: [String], parentLabels: [NewLabelSet.Label]) {
        self.classes = classes
        self.labels = Dictionary(grouping: parentLabels.map { $0.inherited }, by: \.trackID)
    }

    mutating func drop(_ name: String) throws(StoreError) {
        try requireClass(name)
        guard classes.count > 1 else {
            throw StoreError(.invalidRequest, "cannot drop '\(name)': it is the last class of the set")
        }
        classes.removeAll { $0 == name }
        relabelTracks { $0.filter { $0.className != name } }
    }

    mutating func merge(_ sources: [String], into target: String) throws(StoreError) {
        guard !sources.isEmpty else { throw StoreError(.invalidRequest, "--merge needs at least one source class") }
        for source in sources { try requireClass(source) }
        guard Set(sources).count == sources.count else {
            throw StoreError(.invalidRequest, "--merge names a class twice: \(sources.joined(separator: ","))")
        }
        guard sources != [target] else {
            throw StoreError(.invalidRequest, "cannot merge '\(target)' into itself")
        }
        try Store.requireName(target, of: "a class")
        let merged = Set(sources)
        var result: [String] = []
        for name in classes {
            let replacement = merged.contains(name) ? target : name
            if !result.contains(replacement) { result.append(replacement) }
        }
        classes = result
        relabelTracks { labels in
            var result: [NewLabelSet.Label] = []
            for var label in labels {
                if merged.contains(label.className) { label.className = target }
                if !result.contains(where: { $0.className == label.className }) { result.append(label) }
            }
            return result
        }
    }

    mutating func rename(_ name: String, to newName: String) throws(StoreError) {
        try requireClass(name)
        guard !classes.contains(newName) else {
            throw StoreError(
                .invalidRequest,
                "cannot rename '\(name)' to '\(newName)': that class exists; use --merge \(name),\(newName)=\(newName)")
        }
        try merge([name], into: newName)
    }

    mutating func set(_ trackID: Int64, to names: [String], evidence: LabelEvidence) throws(StoreError) {
        guard !names.isEmpty else {
            throw StoreError(.invalidRequest, "--set needs a class; use --unset to remove labels")
        }
        for name in names { try requireClass(name) }
        guard Set(names).count == names.count else {
            throw StoreError(.invalidRequest, "the classes \(names.joined(separator: "+")) name a class twice")
        }
        labels[trackID] = names.map {
            NewLabelSet.Label(trackID: trackID, className: $0, origin: .manual, evidence: evidence)
        }
    }

    mutating func unset(_ trackID: Int64) {
        labels[trackID] = nil
    }

    private func requireClass(_ name: String) throws(StoreError) {
        guard classes.contains(name) else {
            throw StoreError(
                .invalidRequest, "no class '\(name)' in this set; its classes are \(classes.joined(separator: ", "))")
        }
    }

    /// The labels, ordered by track as the new version writes them.
    var orderedLabels: [NewLabelSet.Label] {
        labels.keys.sorted().flatMap { labels[$0, default: []] }
    }

    private mutating func relabelTracks(_ transform: ([NewLabelSet.Label]) -> [NewLabelSet.Label]) {
        for (track, current) in labels {
            let changed = transform(current)
            labels[track] = changed.isEmpty ? nil : changed
        }
    }
}
