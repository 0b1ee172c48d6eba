import TagmineTestSupport
import Testing
import TextMining

@Suite struct TagFacetsTests {
    @Test func splitsFacetedTagsAndLeavesOrdinaryOnesAlone() {
        let facets = TagFacets()
        #expect(facets.split("genre---rock")! == ("genre", "rock"))
        #expect(facets.split("mood/theme---happy")! == ("mood/theme", "happy"))
        #expect(facets.split("instrument: piano")! == ("instrument", "piano"))
        #expect(facets.split("genre---hip:hop")! == ("genre", "hip:hop"))
        for plain in ["rock", "3:45", "genre---", ": x", "ロック", "a very long name that is surely no facet at all:x"] {
            #expect(facets.split(plain) == nil, "\(plain)")
        }
        #expect(TagFacets(separators: ["::"]).split("genre---rock") == nil)
        #expect(TagFacets(separators: ["::"]).split("genre::rock")! == ("genre", "rock"))
        #expect(facets.value(of: "genre---pop", inFacet: "genre") == "pop")
        #expect(facets.value(of: "mood---pop", inFacet: "genre") == nil)
    }

    @Test func aMapWithAFacetMatchesOnlyThatFacetsValues() throws {
        let folder = try TemporaryDirectory()
        let map = try KeywordMap.load(
            path: try folder.write(
                "facet.toml",
                """
                task = "genre"
                facet = "genre"

                [[class]]
                name = "pops"
                keywords = ["pop"]
                """))
        let labeler = KeywordLabeler(map: map)
        #expect(map.facet == "genre")
        #expect(try labeler.matches(in: "genre---pop").hits.map(\.keyword) == ["pop"])
        #expect(try labeler.matches(in: "genre---pop").hits.map(\.tag) == ["genre---pop"])
        #expect(try labeler.matches(in: "mood---pop").hits.isEmpty)
        #expect(try labeler.matches(in: "pop").hits.isEmpty)
        #expect(try labeler.decide(tags: ["mood---pop", "genre---pop"]).classes == ["pops"])
    }
}
