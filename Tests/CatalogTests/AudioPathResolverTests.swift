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

    @Test func joinsPlainRelativePathsAsNormalisingWould() {
        let paths = [
            "a.wav", "audio/a.wav", ".hidden/a.wav", "a/...wav", "a/..b/c", "./a.wav", "a/./b.wav", "a//b.wav",
            "a/../b.wav", "a/", "..", "a/..", "  a b/c.wav ",
        ]
        for root in ["/data/catalogue", "/"] {
            let resolver = AudioPathResolver(root: root)
            for path in paths {
                let trimmed = path.trimmingWhitespaceScalars()
                #expect(resolver.resolve(path) == AudioPathResolver.normalised(root + "/" + trimmed), "\(root) \(path)")
            }
        }
        #expect(AudioPathResolver(root: "/").resolve("audio/a.wav") == "/audio/a.wav")
        #expect(AudioPathResolver(root: "/data").resolve("a/../../b.wav") == "/b.wav")
    }

    @Test func trimsOnlyWhitespaceAtTheEnds() {
        #expect("abc".trimmingWhitespaceScalars() == "abc")
        #expect(" a b\t".trimmingWhitespaceScalars() == "a b")
        #expect("\u{3000}曲\u{00A0}".trimmingWhitespaceScalars() == "曲")
        #expect("a\u{2003}".trimmingWhitespaceScalars() == "a")
        #expect(" \n ".trimmingWhitespaceScalars() == "")
    }

    @Test func makesPathsRelativeToAFolder() {
        #expect(AudioPathResolver.relative("/data/audio/a.wav", from: "/data/export") == "../audio/a.wav")
        #expect(AudioPathResolver.relative("/data/export/a.wav", from: "/data/export/") == "a.wav")
        #expect(AudioPathResolver.relative("/x/a.wav", from: "/data/export/nnc") == "../../../x/a.wav")
        #expect(AudioPathResolver.relative("/data", from: "/data") == ".")
    }
}
