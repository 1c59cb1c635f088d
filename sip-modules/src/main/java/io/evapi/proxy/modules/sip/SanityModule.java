package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.ContextKey;
import io.evapi.proxy.spi.InvalidParamException;
import io.evapi.proxy.spi.LogLimiter;
import io.evapi.proxy.spi.ModuleConfigException;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ModuleInstance;
import io.evapi.proxy.spi.Param;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptContext;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.sip.RequestRouting;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kamailio's {@code sanity} module: {@code sanity_check([msg_checks [, uri_checks]])} runs the checks the bits
 * select, in Kamailio's order, on the request as it arrived ({@link SipMessage#receivedText()}), and answers the
 * first failure with Kamailio's reply (e.g. {@code 400 CSeq method does not match request method}); some failures
 * get no reply (a required header missing or repeated), as there. With {@code autodrop} (the default) a failed
 * check ends the run (returns 0); with {@code autodrop=0} it returns -1. {@code noreply=1} keeps the reply for
 * {@code sanity_reply()}.
 *
 * <p>Check bits: 1 R-URI SIP version, 2 R-URI scheme, 4 required headers, 8 and 16 (Via version and protocol:
 * always pass, as in Kamailio), 32 CSeq method, 64 CSeq number, 128 Content-Length, 256 Expires, 512
 * Proxy-Require, 1024 URIs (second argument: 1 R-URI, 2 From, 4 To, 8 Contact), 2048 digest credentials, 4096
 * duplicate tags, 8192 authorization, 16384 first Via.
 */
public final class SanityModule extends SipModule {
    private static final Logger LOG = LoggerFactory.getLogger("sanity");
    private static final LogLimiter RANGE_LOG = new LogLimiter(10);
    static final int MAX_CHECKS = 1 << 15;
    static final int MAX_URI_CHECKS = 1 << 4;
    private static final ContextKey<Failure> STORED = ContextKey.of("sanity.failure", Failure.class);

    /** Kamailio's sanity parameters and defaults. */
    public record Params(@Param(defaultValue = "3047") int defaultChecks, @Param(defaultValue = "7") int uriChecks,
            @Param(defaultValue = "") String proxyRequire, @Param(defaultValue = "1") int autodrop,
            @Param(defaultValue = "0") int noreply) {
        public Params {
            InvalidParamException.check(defaultChecks >= 1 && defaultChecks < MAX_CHECKS, "default_checks",
                    "expected a sum of checks from 1 to " + (MAX_CHECKS - 1) + ", found " + defaultChecks);
            InvalidParamException.check(uriChecks >= 1 && uriChecks < MAX_URI_CHECKS, "uri_checks",
                    "expected a sum of URI checks from 1 to " + (MAX_URI_CHECKS - 1) + ", found " + uriChecks);
        }
    }

    /** A failed check: the reply Kamailio sends (code 0: none), and a header to add to it. */
    record Failure(int code, String reason, String headerName, String headerValue) {
        static final Failure SILENT = new Failure(0, null, null, null);

        static Failure reply(int code, String reason) {
            return new Failure(code, reason, null, null);
        }
    }

    @Override
    public String name() {
        return "sanity";
    }

    @Override
    public Class<? extends Record> parametersType() {
        return Params.class;
    }

    @Override
    public ModuleInstance configure(ModuleContext context) throws ModuleConfigException {
        Bound bound = new Bound(context.parameters(Params.class));
        return name -> switch (name) {
            case "sanity_check" -> bound::bindCheck;
            case "sanity_reply" -> site -> bound::sanityReply;
            default -> null;
        };
    }

    @Override
    List<Export> exports() {
        EnumSet<io.evapi.proxy.spi.RouteType> routes = EnumSet.of(io.evapi.proxy.spi.RouteType.REQUEST,
                io.evapi.proxy.spi.RouteType.FAILURE, io.evapi.proxy.spi.RouteType.ONREPLY);
        return List.of(Export.of("sanity_check", 0, 2, routes, site -> ctx -> 1),
                Export.of("sanity_reply", 0, 0, routes, site -> ctx -> 1));
    }

    /** The functions of one configured module. */
    private record Bound(Params params) {
        private ScriptFunction.BoundCall bindCheck(io.evapi.proxy.spi.CallSite site) throws ScriptConfigException {
            Argument msgChecks = site.arguments().isEmpty() ? null : site.arguments().get(0);
            Argument uriChecks = site.arguments().size() > 1 ? site.arguments().get(1) : null;
            checkConstant(msgChecks, MAX_CHECKS, "msg_checks");
            checkConstant(uriChecks, MAX_URI_CHECKS, "uri_checks");
            return ctx -> {
                int m = msgChecks == null ? params.defaultChecks() : (int) msgChecks.asLong(ctx);
                int u = uriChecks == null ? params.uriChecks() : (int) uriChecks.asLong(ctx);
                if (m < 1 || m >= MAX_CHECKS || u < 1 || u >= MAX_URI_CHECKS) {
                    long held = RANGE_LOG.permit();
                    if (held >= 0) {
                        LOG.error("sanity_check at {}: checks {} / {} outside the valid range (1-{}, 1-{}){}",
                                site.position(), m, u, MAX_CHECKS - 1, MAX_URI_CHECKS - 1, LogLimiter.suppressedNote(held));
                    }
                    return -1;
                }
                return check(ctx, m, u);
            };
        }

        static void checkConstant(Argument arg, int max, String what) throws ScriptConfigException {
            Object c = arg == null ? null : arg.constant().orElse(null);
            if (c == null) {
                return;
            }
            try {
                long v = Long.parseLong(c.toString().trim());
                if (v >= 1 && v < max) {
                    return;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new ScriptConfigException("expected " + what + " as a sum of checks from 1 to " + (max - 1)
                    + ", found '" + c + "'");
        }

        private int check(ScriptContext ctx, int msgChecks, int uriChecks) {
            SipMessage m = ctx.get(SipMessage.KEY);
            if (m == null || m.isReply()) {
                return 1;
            }
            Failure failure = SanityChecks.run(RawRequest.parse(m.receivedText()), msgChecks, uriChecks,
                    proxyRequire(params.proxyRequire()));
            if (failure == null) {
                return 1;
            }
            LOG.debug("sanity check failed: {} {}", failure.code(), failure.reason());
            if (failure.code() > 0 && !"ACK".equals(m.method())) {
                if (params.noreply() != 0) {
                    ctx.put(STORED, failure);
                } else {
                    send(ctx, failure);
                }
            }
            return params.autodrop() != 0 ? 0 : -1;
        }

        static void send(ScriptContext ctx, Failure failure) {
            RequestRouting rc = ctx.get(RequestRouting.KEY);
            if (rc == null) {
                return;
            }
            if (failure.headerName() != null) {
                rc.addReplyHeader(failure.headerName(), failure.headerValue());
            }
            rc.slReply(failure.code(), failure.reason());
        }

        /** {@code sanity_reply()}: with {@code noreply=1}, sends the reply the failed check chose (else 500). */
        private int sanityReply(ScriptContext ctx) {
            SipMessage m = ctx.get(SipMessage.KEY);
            if (m == null || m.isReply() || "ACK".equals(m.method()) || params.noreply() == 0) {
                return 1;
            }
            Failure stored = ctx.get(STORED);
            send(ctx, stored != null ? stored : Failure.reply(500, "Server Sanity Failure"));
            return 1;
        }

    }

    private static List<String> proxyRequire(String list) {
        List<String> out = new ArrayList<>();
        for (String t : list.split(",")) {
            if (!t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out;
    }

    /** A request split as it was written: first line, headers in order (folded lines joined), body. */
    record RawRequest(String method, String uri, String version, List<String[]> headers, String body) {
        private static final java.util.Map<String, String> COMPACT = java.util.Map.ofEntries(
                java.util.Map.entry("f", "from"), java.util.Map.entry("t", "to"), java.util.Map.entry("i", "call-id"),
                java.util.Map.entry("l", "content-length"), java.util.Map.entry("v", "via"),
                java.util.Map.entry("m", "contact"), java.util.Map.entry("c", "content-type"),
                java.util.Map.entry("k", "supported"), java.util.Map.entry("e", "content-encoding"),
                java.util.Map.entry("s", "subject"));

        static RawRequest parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            int bodyStart = end < 0 ? -1 : end + 4;
            if (end < 0) {
                end = text.indexOf("\n\n");
                bodyStart = end < 0 ? text.length() : end + 2;
                if (end < 0) {
                    end = text.length();
                }
            }
            String[] lines = text.substring(0, end).split("\r?\n", -1);
            String[] first = lines[0].trim().split(" +", 3);
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                    String[] last = headers.get(headers.size() - 1);
                    last[1] = last[1] + " " + line.strip();
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                headers.add(new String[] {COMPACT.getOrDefault(name, name), line.substring(colon + 1).strip()});
            }
            return new RawRequest(first.length > 0 ? first[0] : "", first.length > 1 ? first[1] : "",
                    first.length > 2 ? first[2] : "", headers, text.substring(Math.min(bodyStart, text.length())));
        }

        /** The first header of that (lower-case, full) name, or null. */
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return null;
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }
    }
}
