package io.evapi.proxy.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the global settings: ours are checked, Kamailio's that mean nothing here are accepted and listed. */
public final class SettingsReader {
    private static final Set<String> IGNORED = Set.of("log_facility", "log_prefix", "log_prefix_mode", "log_name",
            "log_color", "log_engine_type", "log_engine_data", "auto_aliases", "enable_sctp", "dns", "rev_dns",
            "memdbg", "memlog", "mem_join", "mem_safety", "mem_summary", "domain", "server_header",
            "server_signature", "user_agent_header", "sip_warning", "maxbuffer", "advertised_address",
            "advertised_port", "port", "socket_workers", "user", "group", "uid", "gid", "chroot", "workdir",
            "rundir", "mhomed", "phone2tel", "latency_log", "latency_limit_action", "latency_limit_db",
            "latency_cfg_log", "corelog", "async_workers", "async_usleep", "pv_buffer_size", "pv_buffer_slots",
            "enable_tls", "tos", "disable_core_dump", "open_files_limit", "shm_force_alloc", "mlock_pages",
            "real_time", "rt_prio", "rt_policy", "rt_timer1_prio", "rt_timer1_policy", "rt_timer2_prio",
            "rt_timer2_policy", "dst_blocklist_init", "use_dst_blocklist", "dst_blacklist_init",
            "use_dst_blacklist", "udp_mtu", "udp_mtu_try_proto", "udp4_raw", "udp4_raw_mtu", "reply_to_via",
            "sql_buffer_size", "statistics", "onsend_route_reply", "check_via", "dont_fork", "server_id",
            "sip_parser_log", "sip_parser_mode", "force_rport", "shm_mem_size", "pkg_mem_size", "stun_refresh_interval",
            "maxsndbuffer", "max_branches", "received_route_mode", "local_rport",
            "cfg_filename", "syn_branch", "append_branches", "kemi.onsend_route_callback",
            "kemi.reply_route_callback", "kemi.event_route_callback", "http_reply_parse", "version_table",
            "xavp_via_params", "xavp_via_fields", "ip_free_bind", "ipv6_hex_style", "bind_ipv6_link_local",
            "wait_worker1_mode", "wait_worker1_time", "wait_worker1_usleep", "fork_delay", "modinit_delay",
            "http_reply_hack", "evapi_workers", "mcast", "mcast_loopback", "mcast_ttl", "tcp_children");
    private static final String[] IGNORED_PREFIXES = {"tcp_", "dns_", "tls_", "use_dns", "sctp_", "udp_", "shm_"};

    private final List<ConfigException.Error> errors;
    private final List<ConfigException.Error> warnings = new ArrayList<>();

    public SettingsReader(List<ConfigException.Error> errors) {
        this.errors = errors;
    }

    /** Warnings for the accepted settings that have no effect, one per setting name. */
    public List<ConfigException.Error> warnings() {
        return warnings;
    }

    public CoreSettings read(List<Ast.Setting> settings) {
        CoreSettings d = CoreSettings.defaults();
        List<CoreSettings.Listen> listen = new ArrayList<>();
        int debug = d.debug();
        boolean logStderror = d.logStderror();
        int children = d.children();
        boolean fork = d.fork();
        boolean disableTcp = d.disableTcp();
        String mpath = d.mpath();
        int maxWhileLoops = d.maxWhileLoops();
        long execMsgThreshold = d.execMsgThreshold();
        int maxRecursiveLevel = d.maxRecursiveLevel();
        List<String> aliases = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>();
        for (Ast.Setting s : settings) {
            String name = s.name().toLowerCase(Locale.ROOT);
            Position at = s.position();
            switch (name) {
                case "listen" -> listen.addAll(listen(s));
                case "debug" -> debug = integer(s, -5, 3, debug);
                case "log_stderror" -> logStderror = bool(s, logStderror);
                case "children" -> children = integer(s, 1, 1024, children);
                case "fork" -> fork = bool(s, fork);
                case "disable_tcp" -> disableTcp = bool(s, disableTcp);
                case "mpath", "loadpath" -> mpath = s.value();
                case "max_while_loops" -> maxWhileLoops = integer(s, 1, Integer.MAX_VALUE, maxWhileLoops);
                case "exec_msg_threshold" -> execMsgThreshold = integer(s, 0, Integer.MAX_VALUE, (int) execMsgThreshold);
                case "max_recursive_level" -> maxRecursiveLevel = integer(s, 1, Integer.MAX_VALUE, maxRecursiveLevel);
                case "alias" -> aliases.add(alias(s));
                default -> {
                    if (IGNORED.contains(name) || startsWithAny(name)) {
                        if (ignored.add(name)) {
                            warnings.add(new ConfigException.Error(at, "setting '" + s.name()
                                    + "' is accepted for compatibility with Kamailio and has no effect in this proxy"));
                        }
                    } else {
                        errors.add(new ConfigException.Error(at, "unknown global setting '" + s.name()
                                + "': expected a Kamailio core setting such as listen, debug, children, log_stderror"));
                    }
                }
            }
        }
        return new CoreSettings(listen, debug, logStderror, children, fork, disableTcp, mpath, maxWhileLoops,
                new ArrayList<>(ignored), aliases, maxRecursiveLevel, execMsgThreshold);
    }

    /** {@code alias=[proto:]host[:port]}: the protocol is dropped, the rest kept as written. */
    private static String alias(Ast.Setting s) {
        String v = s.value().trim().split("\\s+")[0];
        int colon = v.indexOf(':');
        if (colon > 0 && v.substring(0, colon).matches("(?i)udp|tcp|tls|sctp|ws|wss")) {
            v = v.substring(colon + 1);
        }
        return v;
    }

    private static boolean startsWithAny(String name) {
        for (String p : IGNORED_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code udp:IP:PORT}, {@code tcp:IP:PORT}, {@code IP:PORT} or {@code IP} (both transports, port 5060). */
    private List<CoreSettings.Listen> listen(Ast.Setting s) {
        String v = s.value().trim().split("\\s+")[0];
        String proto = null;
        int colon = v.indexOf(':');
        if (colon > 0 && v.substring(0, colon).matches("(?i)udp|tcp|tls|sctp|ws|wss")) {
            proto = v.substring(0, colon).toLowerCase(Locale.ROOT);
            v = v.substring(colon + 1);
        }
        if (proto != null && !proto.equals("udp") && !proto.equals("tcp")) {
            errors.add(new ConfigException.Error(s.position(), "listen: transport '" + proto
                    + "' is not supported: expected udp or tcp"));
            return List.of();
        }
        String host = v;
        int port = 5060;
        int portColon = v.lastIndexOf(':');
        if (portColon > 0 && !v.endsWith("]")) {
            host = v.substring(0, portColon);
            try {
                port = Integer.parseInt(v.substring(portColon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            errors.add(new ConfigException.Error(s.position(), "listen: expected [proto:]host[:port], found '"
                    + s.value() + "'"));
            return List.of();
        }
        if (proto != null) {
            return List.of(new CoreSettings.Listen(proto, host, port));
        }
        return List.of(new CoreSettings.Listen("udp", host, port), new CoreSettings.Listen("tcp", host, port));
    }

    private int integer(Ast.Setting s, int min, int max, int fallback) {
        try {
            int v = Integer.parseInt(s.value().trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new ConfigException.Error(s.position(), s.name() + ": expected an integer from " + min + " to "
                + max + ", found '" + s.value() + "'"));
        return fallback;
    }

    private boolean bool(Ast.Setting s, boolean fallback) {
        switch (s.value().trim().toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true", "1" -> {
                return true;
            }
            case "no", "off", "false", "0" -> {
                return false;
            }
            default -> {
                errors.add(new ConfigException.Error(s.position(), s.name() + ": expected yes or no, found '"
                        + s.value() + "'"));
                return fallback;
            }
        }
    }
}
