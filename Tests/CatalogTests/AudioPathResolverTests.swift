import Catalog
import Testing

@Suite struct AudioPathResolverTests {
    @Test func resolvesRelativePathsAndFileURLsLexically() {
        let resolver = AudioPathResolver(root: "/data/catalogue/")
        #expect(resolver.resolve("audio/../wav/a.wav") == "/data/catalogue/wav/a.wav")
        #expect(resolver.resolve("/abs//b.wav") == "/abs/b.wav")
        #expect(resolver.resolve("file:///music/c%20d.wav") == "/music/c d.wav")
        #expect(resolver.resolve("  ") == nil)
    }

    @Test func makesPathsRelativeToAFolder() {
        #expect(AudioPathResolver.relative("/data/audio/a.wav", from: "/data/export") == "../audio/a.wav")
        #expect(AudioPathResolver.relative("/data/export/a.wav", from: "/data/export/") == "a.wav")
        #expect(AudioPathResolver.relative("/x/a.wav", from: "/data/export/nnc") == "../../../x/a.wav")
        #expect(AudioPathResolver.relative("/data", from: "/data") == ".")
    }
}
