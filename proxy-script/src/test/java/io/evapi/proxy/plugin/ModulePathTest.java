package io.evapi.proxy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evapi.proxy.config.ConfigException;
import io.evapi.proxy.script.CompiledConfig;
import io.evapi.proxy.script.ConfigLoader;
import io.evapi.proxy.script.HostServices;
import io.evapi.proxy.script.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module jars in {@code mpath} (and {@code -L}): found, refused with a reason, never mixed up. */
class ModulePathTest {
    @TempDir
    Path dir;

    private CompiledConfig load(String text) throws ConfigException {
        return ConfigLoader.load(text, "plugins.cfg", null);
    }

    @Test
    void aJarInMpathLoadsAndItsParametersAreChecked() throws Exception {
        PluginJars.replyModule(dir, "hello.jar", "hello", "ProxySpi.VERSION");
        CompiledConfig config = load("mpath=\"" + dir + "\"\nloadmodule \"hello.so\"\n"
                + "modparam(\"hello\", \"reason\", \"Hi\")\nrequest_route { hello_reply(\"200\"); }\n");
        assertThat(config.moduleNames()).contains("hello");
        assertThat(config.parameters("hello")).containsEntry("reason", "Hi");

        assertThatThrownBy(() -> load("mpath=\"" + dir + "\"\nloadmodule \"hello.so\"\n"
                + "modparam(\"hello\", \"reason\", 5)\n"))
                .hasMessage("plugins.cfg:3:1: modparam hello.reason: expected a quoted string, found integer 5");
    }

    @Test
    void theHostsModulePathWorksLikeMpath() throws Exception {
        PluginJars.replyModule(dir, "hello.jar", "hello", "ProxySpi.VERSION");
        CompiledConfig config = ConfigLoader.load("loadmodule \"/usr/lib/kamailio/modules/hello.so\"\n", "l.cfg",
                null, new LoadOptions(List.of(dir), new HostServices()));
        assertThat(config.moduleNames()).contains("hello");
    }

    @Test
    void twoJarsExportingOneNameAreRefusedAtTheLoadmoduleLine() {
        PluginJars.replyModule(dir, "hello-1.jar", "hello", "ProxySpi.VERSION");
        PluginJars.replyModule(dir, "hello-2.jar", "hello", "ProxySpi.VERSION");
        assertThatThrownBy(() -> load("mpath=\"" + dir + "\"\n\nloadmodule \"hello.so\"\n"))
                .hasMessageStartingWith("plugins.cfg:3:12: module 'hello' is exported by 2 jars (")
                .hasMessageContaining("hello-1.jar").hasMessageContaining("hello-2.jar")
                .hasMessageEndingWith("): keep one of them in the module path");
    }

    @Test
    void aJarBuiltAgainstAnotherSpiIsRefusedAtTheLoadmoduleLine() {
        PluginJars.replyModule(dir, "old.jar", "old", "1");
        assertThatThrownBy(() -> load("mpath=\"" + dir + "\"\nloadmodule \"old.so\"\n"))
                .hasMessageStartingWith("plugins.cfg:2:12: module 'old' in ")
                .hasMessageContaining("old.jar was built against proxy SPI version 1, and this proxy has version ")
                .hasMessageEndingWith(": rebuild the module against proxy-spi " + io.evapi.proxy.spi.ProxySpi.VERSION);
    }

    @Test
    void aMissingModuleNamesTheModulePathAndWhatExists() {
        PluginJars.replyModule(dir, "hello.jar", "hello", "ProxySpi.VERSION");
        assertThatThrownBy(() -> load("mpath=\"" + dir + "\"\nloadmodule \"nosuch.so\"\n"))
                .hasMessageStartingWith("plugins.cfg:2:12: module 'nosuch.so' is not available: not on the class path"
                        + " nor in a jar of mpath [" + dir + "]; expected one of ")
                .hasMessageContaining("hello");
    }

    @Test
    void aJarThatIsNotAJarIsNamedWhenTheModuleIsMissing() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertThatThrownBy(() -> load("mpath=\"" + dir + "\"\nloadmodule \"nosuch.so\"\n"))
                .hasMessageContaining("jars that could not be read: ").hasMessageContaining("broken.jar");
    }
}
