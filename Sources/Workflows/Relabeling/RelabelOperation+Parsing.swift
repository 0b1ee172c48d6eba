public import Records
public import Store

/// The command line's forms of the operations that take an argument.
extension RelabelOperation {
    /// `A,B=C`: merge A and B into C.
    public static func merge(parsing text: String) throws(StoreError) -> RelabelOperation {
        let (left, right) = try split(text, "--merge takes SOURCE,SOURCE=TARGET, e.g. --merge rock,metal=rock")
        let sources = left.split(separator: ",").map { String($0).trimmingWhitespaceScalars() }
        guard !sources.contains(where: \.isEmpty) else {
            throw StoreError(.invalidRequest, "--merge '\(text)' has an empty class name")
        }
        return .merge(sources, into: right)
    }

    /// `A=B`: rename A to B.
    public static func rename(parsing text: String) throws(StoreError) -> RelabelOperation {
        let (from, to) = try split(text, "--rename takes OLD=NEW, e.g. --rename pops=pop")
        return .rename(from, to: to)
    }

    /// `TRACK=CLASS` (or `TRACK=A+B` for a multi-label set).
    public static func set(parsing text: String, note: String?) throws(StoreError) -> RelabelOperation {
        let (track, classes) = try split(text, "--set takes TRACK=CLASS, e.g. --set T0042=ballad")
        return .set(
            track: track, classes: classes.split(separator: "+").map { String($0).trimmingWhitespaceScalars() },
            note: note)
    }

    private static func split(_ text: String, _ usage: String) throws(StoreError) -> (String, String) {
        guard let equals = text.lastIndex(of: "=") else { throw StoreError(.invalidRequest, usage) }
        let left = String(text[..<equals]).trimmingWhitespaceScalars()
        let right = String(text[text.index(after: equals)...]).trimmingWhitespaceScalars()
        guard !left.isEmpty, !right.isEmpty else { throw StoreError(.invalidRequest, usage) }
        return (left, right)
    }
}
