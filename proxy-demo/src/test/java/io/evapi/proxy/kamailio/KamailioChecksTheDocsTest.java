package io.evapi.proxy.kamailio;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.proxy.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config the docs give as a Kamailio config passes real Kamailio's {@code kamailio -c} and this proxy's
 * {@code -c}: each file of {@code docs/examples} (except those that say in their first 5 lines that they use
 * "this proxy"'s own parameters: those pass this proxy's check only), the configs bundled in the jar (the demo
 * and the default config), the config of the async-routing tutorial and the example of the migration guide.
 */
class KamailioChecksTheDocsTest {
    private static final Path DOCS = Path.of("..", "docs");

    /** A config to check: where it comes from, its text, and whether it is a Kamailio config. */
    record Doc(String name, String text, boolean kamailio) {
        @Override
        public String toString() {
            return name + (kamailio ? "" : " (this proxy's own)");
        }
    }

    static Stream<Doc> docs() throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS.resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList()) {
                String text = Files.readString(f);
                String head = String.join("\n", text.lines().limit(5).toList());
                docs.add(new Doc("docs/examples/" + f.getFileName(), text, !head.contains("this proxy")));
            }
        }
        for (String bundled : List.of("proxy-demo.cfg", "demo/demo.cfg")) {
            docs.add(new Doc("proxy-demo/src/main/resources/" + bundled,
                    Files.readString(Path.of("src", "main", "resources", bundled)), true));
        }
        docs.add(new Doc("docs/tutorial-async-routing.md", block(DOCS.resolve("tutorial-async-routing.md"),
                "Save this as `routing.cfg`"), true));
        docs.add(new Doc("docs/migrating-from-kamailio.md", block(DOCS.resolve("migrating-from-kamailio.md"),
                "## Example"), true));
        assertThat(docs).hasSizeGreaterThan(3);
        return docs.stream();
    }

    /** The first fenced block after the line that starts with {@code marker}. */
    private static String block(Path md, String marker) throws IOException {
        List<String> lines = Files.readAllLines(md);
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith(marker)) {
            i++;
        }
        while (i < lines.size() && !lines.get(i).startsWith("```")) {
            i++;
        }
        StringBuilder out = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            out.append(lines.get(i)).append('\n');
        }
        assertThat(out).as("a config block after '" + marker + "' in " + md).isNotEmpty();
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void passesKamailiosCheckAndThisProxys(Doc doc, @TempDir Path dir) throws IOException {
        Path cfg = Files.writeString(dir.resolve("doc.cfg"), doc.text());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("-c", "-f", cfg.toString());
        assertThat(code).as("this proxy's -c:\n" + err.toString(StandardCharsets.UTF_8)).isZero();
        if (doc.kamailio()) {
            Kamailio.Check check = Kamailio.check(cfg);
            assertThat(check.ok()).as("kamailio -c:\n" + check.output()).isTrue();
        }
    }
}
