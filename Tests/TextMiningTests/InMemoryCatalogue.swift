import TextMining

/// A catalogue in memory: no store needed to label it.
struct InMemoryCatalogue: TaggedTracks {
    var tagNames: [String]
    var trackTags: [[Int32]]

    var trackCount: Int { trackTags.count }
    func tags(ofTrack track: Int) -> ArraySlice<Int32> { trackTags[track][...] }
}
