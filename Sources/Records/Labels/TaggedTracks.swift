/// A catalogue as the labelers read it: every distinct tag once, and each track's tags as
/// positions in that list. Working each distinct tag out once and then only adding numbers per
/// track is what makes labeling a million tracks take seconds.
public protocol TaggedTracks {
    /// The distinct normalised tags, by position.
    var tagNames: [String] { get }
    /// How many tracks there are.
    var trackCount: Int { get }
    /// The positions of track `track`'s tags.
    func tags(ofTrack track: Int) -> ArraySlice<Int32>
}
