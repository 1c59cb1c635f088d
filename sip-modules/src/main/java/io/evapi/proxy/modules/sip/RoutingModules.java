package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.LogLimiter;
import io.evapi.proxy.spi.RouteType;
import io.evapi.proxy.spi.ScriptConfigException;
import io.evapi.proxy.spi.ScriptRuntimeException;
import io.evapi.proxy.spi.sip.RequestRouting;
import io.evapi.proxy.spi.sip.SipMessage;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kamailio's rr, maxfwd, siputils, textops, tmx and the core forward(), each as small as it is here. */
public final class RoutingModules {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingModules.class);
    private static final LogLimiter CRLF_REFUSED = new LogLimiter(1);
    private static final Set<RouteType> REQUEST_ONLY = EnumSet.of(RouteType.REQUEST);

    private RoutingModules() {
    }

    public static final class Rr extends SipModule {
        @Override
        public String name() {
            return "rr";
        }

        @Override
        List<Export> exports() {
            return List.of(
                    Export.of("record_route", 0, 0, REQUEST_ONLY, site -> onRequest(rc -> {
                        rc.recordRoute();
                        return 1;
                    })),
                    Export.of("loose_route", 0, 0, REQUEST_ONLY, site -> onRequest(rc -> result(rc.looseRoute()))));
        }
    }

    public static final class Maxfwd extends SipModule {
        @Override
        public String name() {
            return "maxfwd";
        }

        @Override
        List<Export> exports() {
            return List.of(Export.of("mf_process_maxfwd_header", 1, 1, REQUEST_ONLY, site -> {
                Argument limit = site.arguments().get(0);
                return ctx -> {
                    RequestRouting rc = ctx.get(RequestRouting.KEY);
                    return rc == null ? -1 : result(rc.processMaxForwards((int) limit.asLong(ctx)));
                };
            }));
        }
    }

    public static final class Siputils extends SipModule {
        @Override
        public String name() {
            return "siputils";
        }

        @Override
        List<Export> exports() {
            return List.of(Export.of("has_totag", 0, 0, SIP_ROUTES, site -> onMessage(
                    m -> result(m.addressParameter("To", "tag") != null))));
        }
    }

    public static final class Textops extends SipModule {
        @Override
        public String name() {
            return "textops";
        }

        @Override
        List<Export> exports() {
            return List.of(
                    Export.of("is_method", 1, 1, SIP_ROUTES, site -> {
                        Set<String> methods = methods(site.arguments().get(0));
                        return onMessage(m -> result(methods.contains(m.method())));
                    }),
                    Export.of("is_present_hf", 1, 1, SIP_ROUTES, site -> {
                        Argument name = site.arguments().get(0);
                        return ctx -> {
                            SipMessage m = ctx.get(SipMessage.KEY);
                            return m == null ? -1 : result(m.header(name.asString(ctx)) != null);
                        };
                    }),
                    Export.of("append_hf", 1, 1, SIP_ROUTES, site -> {
                        Argument header = site.arguments().get(0);
                        return ctx -> {
                            RequestRouting rc = ctx.get(RequestRouting.KEY);
                            if (rc == null) {
                                return -1;
                            }
                            String text = header.asString(ctx).strip();
                            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                                // a line break from data would add headers of its author's choosing
                                long held = CRLF_REFUSED.permit();
                                if (held >= 0) {
                                    LOG.error("append_hf: refused a header with a line break inside{}: {}",
                                            LogLimiter.suppressedNote(held), text.replace("\r", "\\r")
                                                    .replace("\n", "\\n"));
                                }
                                return -1;
                            }
                            int colon = text.indexOf(':');
                            if (colon <= 0) {
                                throw new ScriptRuntimeException(
                                        "append_hf: expected \"Name: value\", found '" + text + "'");
                            }
                            rc.appendHeader(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
                            return 1;
                        };
                    }),
                    Export.of("remove_hf", 1, 1, SIP_ROUTES, site -> {
                        Argument name = site.arguments().get(0);
                        return ctx -> {
                            RequestRouting rc = ctx.get(RequestRouting.KEY);
                            if (rc == null) {
                                return -1;
                            }
                            return result(rc.removeHeader(name.asString(ctx)));
                        };
                    }));
        }

        private static Set<String> methods(Argument arg) throws ScriptConfigException {
            Object text = arg.constant().orElseThrow(
                    () -> new ScriptConfigException("expected constant methods such as \"INVITE|BYE\""));
            Set<String> set = new HashSet<>();
            for (String m : text.toString().split("\\|")) {
                if (!m.isBlank()) {
                    set.add(m.strip().toUpperCase(Locale.ROOT));
                }
            }
            return Set.copyOf(set);
        }
    }

    /**
     * Core functions Kamailio has without any module: {@code forward()}, {@code setflag(n)}, {@code resetflag(n)},
     * {@code isflagset(n)} (message flags 0 to 31). Loaded into every config.
     */
    public static final class Core extends SipModule {
        @Override
        public String name() {
            return "core";
        }

        @Override
        List<Export> exports() {
            return List.of(Export.of("forward", 0, 0, REQUEST_ONLY, site -> onRequest(rc -> result(rc.forward()))),
                    flagFunction("setflag", false, FlagOp.SET), flagFunction("resetflag", false, FlagOp.RESET),
                    flagFunction("isflagset", false, FlagOp.TEST));
        }
    }

    enum FlagOp { SET, RESET, TEST }

    /**
     * setflag/resetflag/isflagset (core) and setbflag/resetbflag/isbflagset (kex): set and reset return 1;
     * the tests 1 or -1. The branch variants take an optional branch index, of which this proxy has one: 0.
     */
    static SipModule.Export flagFunction(String name, boolean branch, FlagOp op) {
        return SipModule.Export.of(name, 1, branch ? 2 : 1, java.util.EnumSet.allOf(RouteType.class), site -> {
            Argument flagArg = site.arguments().get(0);
            Argument branchArg = site.arguments().size() > 1 ? site.arguments().get(1) : null;
            Flags.check(flagArg);
            return ctx -> {
                if (branchArg != null && branchArg.asLong(ctx) != 0) {
                    return -1; // one branch here: the request's
                }
                int bit = 1 << Flags.flag(flagArg, ctx);
                int flags = Flags.get(ctx, branch);
                return switch (op) {
                    case SET -> {
                        Flags.set(ctx, branch, flags | bit);
                        yield 1;
                    }
                    case RESET -> {
                        Flags.set(ctx, branch, flags & ~bit);
                        yield 1;
                    }
                    case TEST -> SipModule.result((flags & bit) != 0);
                };
            };
        });
    }

    /**
     * Kamailio's {@code kex}: branch flags ({@code setbflag}, {@code resetbflag}, {@code isbflagset}) and
     * {@code is_myself(uri)} (the URI's host and port are a listen address or an alias of this proxy).
     */
    public static final class Kex extends SipModule {
        @Override
        public String name() {
            return "kex";
        }

        @Override
        List<Export> exports() {
            return List.of(flagFunction("setbflag", true, FlagOp.SET), flagFunction("resetbflag", true, FlagOp.RESET),
                    flagFunction("isbflagset", true, FlagOp.TEST),
                    Export.of("is_myself", 1, 1, java.util.EnumSet.allOf(RouteType.class), site -> {
                        Argument uri = site.arguments().get(0);
                        return ctx -> {
                            io.evapi.proxy.spi.sip.LocalAddresses me = site.host()
                                    .service(io.evapi.proxy.spi.sip.LocalAddresses.class).orElse(null);
                            return me != null && me.isLocalUri(uri.asString(ctx)) ? 1 : -1;
                        };
                    }));
        }
    }
}
