package io.evapi.proxy.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.ProxyModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a third-party module jar the way its author would: Java source compiled against proxy-spi alone,
 * packed with its ServiceLoader registration. The jar is never on the proxy's class path.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * A module {@code name} exporting {@code NAME_reply(code)}, which answers the request statelessly with the
     * reason given by {@code modparam(NAME, "reason", ...)}.
     *
     * @param spiVersion the Java expression the module's {@code spiVersion()} returns, normally
     *                   {@code "ProxySpi.VERSION"}
     */
    public static Path replyModule(Path dir, String jarName, String name, String spiVersion) {
        String pkg = "org.example." + name;
        String cls = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Module";
        String source = """
                package %1$s;

                import io.evapi.proxy.spi.Argument;
                import io.evapi.proxy.spi.FunctionSpec;
                import io.evapi.proxy.spi.ModuleConfigException;
                import io.evapi.proxy.spi.ModuleContext;
                import io.evapi.proxy.spi.ModuleInstance;
                import io.evapi.proxy.spi.Param;
                import io.evapi.proxy.spi.ProxyModule;
                import io.evapi.proxy.spi.ProxySpi;
                import io.evapi.proxy.spi.RouteType;
                import io.evapi.proxy.spi.sip.RequestRouting;
                import java.util.List;

                public final class %2$s implements ProxyModule {
                    public record Params(@Param(defaultValue = "Hello") String reason) {
                    }

                    @Override public String name() { return "%3$s"; }

                    @Override public int spiVersion() { return %4$s; }

                    @Override public Class<? extends Record> parametersType() { return Params.class; }

                    @Override public List<FunctionSpec> functions() {
                        return List.of(FunctionSpec.in("%3$s_reply", 1, 1, RouteType.REQUEST));
                    }

                    @Override public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
                        String reason = context.parameters(Params.class).reason();
                        return function -> site -> {
                            Argument code = site.arguments().get(0);
                            return run -> {
                                RequestRouting request = run.get(RequestRouting.KEY);
                                return request != null && request.slReply((int) code.asLong(run), reason) ? 1 : -1;
                            };
                        };
                    }
                }
                """.formatted(pkg, cls, name, spiVersion);
        return build(dir, jarName, pkg + "." + cls, source);
    }

    /** Compiles one class against proxy-spi only and packs it as a module jar in {@code dir}. */
    public static Path build(Path dir, String jarName, String className, String source) {
        try {
            Path work = Files.createTempDirectory("plugin-src");
            Path src = work.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, source, UTF_8);
            Path classes = Files.createDirectories(work.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, "--release", "17", "-classpath", spiLocation().toString(),
                    "-d", classes.toString(), src.toString());
            if (rc != 0) {
                throw new IllegalStateException("javac failed on " + className);
            }
            Files.createDirectories(dir);
            Path jar = dir.resolve(jarName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/services/" + ProxyModule.class.getName()));
                write(out, className + "\n");
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(UTF_8));
    }

    /** Where proxy-spi's classes are: its jar, or its classes directory in a reactor build. */
    private static Path spiLocation() {
        try {
            return Path.of(ProxyModule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of a config that loads {@code module} from the jars in {@code mpath}. */
    public static List<String> configLines(Path mpath, String module) {
        return List.of("mpath=\"" + mpath + "\"", "loadmodule \"" + module + ".so\"");
    }
}
