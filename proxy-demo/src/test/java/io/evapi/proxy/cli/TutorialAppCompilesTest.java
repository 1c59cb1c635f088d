package io.evapi.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application of docs/tutorial-async-routing.md compiles with the command the tutorial gives, against what
 * the proxy's jar holds (here: the same classes, from the test class path, since the jar is packed after the
 * tests run).
 */
class TutorialAppCompilesTest {

    @Test
    void theTutorialsRoutingAppCompiles(@TempDir Path dir) throws Exception {
        String md = Files.readString(Path.of("..", "docs", "tutorial-async-routing.md"));
        int start = md.indexOf("```java\n");
        int end = md.indexOf("```", start + 7);
        assertThat(start).isNotNegative();
        Path src = Files.writeString(dir.resolve("RoutingApp.java"), md.substring(start + 8, end));
        assertThat(md).contains("javac -cp proxy-demo/target/proxy-demo.jar -d app RoutingApp.java")
                .contains("java -cp proxy-demo/target/proxy-demo.jar:app RoutingApp");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-cp", System.getProperty("java.class.path"), "-d",
                dir.resolve("app").toString(), src.toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("app/RoutingApp.class")).exists();
    }
}
