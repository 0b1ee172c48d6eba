import Store

extension LabelSet {
    /// How output names the set: `4 'genre-v2-no-pops'`, or `4` when it has no name.
    var reference: String {
        name.map { "\(id) '\($0)'" } ?? "\(id)"
    }

    /// Its classes with their track counts, `rock 401, fusion 87`; with `first`, only that many.
    func classCounts(first: Int = .max) -> String {
        var text = classes.prefix(first).map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        if classes.count > first { text += " … (\(classes.count) classes)" }
        return text
    }
}

extension LabelDiff {
    /// Per class: its tracks before and after and the change, under `before` / `after` headings.
    func classTable(before: String, after: String, changedOnly: Bool = false) -> Table {
        var table = Table(header: ["class", before, after, "change"], rightAligned: [1, 2, 3])
        for count in classes where !changedOnly || count.before != count.after {
            let change = count.after - count.before
            table.rows.append([
                count.className, "\(count.before)", "\(count.after)", change > 0 ? "+\(change)" : "\(change)",
            ])
        }
        return table
    }
}
