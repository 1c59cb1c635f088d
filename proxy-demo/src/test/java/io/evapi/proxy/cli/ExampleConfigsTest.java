package io.evapi.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example config in docs/examples passes {@code -c}, as the docs promise. */
class ExampleConfigsTest {
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> cfgs = files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
            assertThat(cfgs).as("example configs in " + EXAMPLES.toAbsolutePath()).isNotEmpty();
            return cfgs.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void examplePassesCheck(Path cfg) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("-c", "-f", cfg.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }
}
