package io.evapi.proxy.modules.mihttp;

import io.evapi.proxy.spi.FunctionSpec;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ProxyModule;
import io.evapi.proxy.spi.Dialect;
import io.evapi.proxy.spi.ProxySpi;
import io.evapi.proxy.spi.ScriptFunction;
import java.util.List;

/**
 * OpenSIPS's {@code httpd} module ({@code loadmodule "httpd.so"}): the HTTP server that {@code mi_http} (loaded
 * after it) serves on. Parameters {@code ip} and {@code port} as in OpenSIPS; {@code post_buf_size} bounds a
 * request body; {@code read_timeout} (ours) bounds the time a request may take to arrive.
 */
public final class HttpdModule implements ProxyModule {

    /** {@code modparam("httpd", ...)}. */
    public record Params(
            @Param(defaultValue = "127.0.0.1") String ip,
            @Param(defaultValue = "8888") int port,
            @Param(defaultValue = "65536") int postBufSize,
            @Param(defaultValue = "5000") int readTimeout) {
        public Params {
            InvalidParamException.check(!ip.isBlank(), "ip", "expected an IP address to listen on");
            InvalidParamException.check(port >= 0 && port <= 65535, "port", "expected 0 to 65535, found " + port);
            InvalidParamException.check(postBufSize >= 256 && postBufSize <= 16 * 1024 * 1024, "post_buf_size",
                    "expected 256 to 16777216 bytes, found " + postBufSize);
            InvalidParamException.check(readTimeout >= 100 && readTimeout <= 600_000, "read_timeout",
                    "expected 100 to 600000 milliseconds, found " + readTimeout);
        }
    }

    @Override
    public String name() {
        return "httpd";
    }

    @Override
    public int spiVersion() {
        return ProxySpi.VERSION;
    }

    @Override
    public Dialect dialect() {
        return Dialect.OPENSIPS;
    }

    @Override
    public Class<? extends Record> parametersType() {
        return Params.class;
    }

    @Override
    public List<FunctionSpec> functions() {
        return List.of();
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        Params p = context.parameters(Params.class);
        Httpd httpd = new Httpd(p.ip(), p.port(), p.postBufSize(), p.readTimeout());
        context.publish(Httpd.class, httpd);
        return new ModuleInstance() {
            @Override
            public ScriptFunction function(String name) {
                return null;
            }

            @Override
            public void start() throws Exception {
                httpd.start();
            }

            @Override
            public void stop() {
                httpd.stop();
            }
        };
    }
}
