package io.evapi.proxy.script;

import io.evapi.proxy.config.ConfigException;
import io.evapi.sip.engine.message.ParsedSipMessage;
import java.text.ParseException;

/** Helpers: configs from text, and SIP requests built from text. */
final class Scripts {
    static final String INVITE = """
            INVITE sip:bob@example.com:5070;transport=udp SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds
            Max-Forwards: 70
            To: Bob <sip:bob@example.com>
            From: Alice <sip:alice@atlanta.com>;tag=1928301774
            Call-ID: a84b4c76e66710@pc33.atlanta.com
            CSeq: 314159 INVITE
            Contact: <sip:alice@pc33.atlanta.com>
            User-Agent: softphone/1.0
            Subject: lunch
            Content-Length: 0

            """;

    private Scripts() {
    }

    static CompiledConfig load(String text) throws ConfigException {
        return ConfigLoader.load(text, "test.cfg", null);
    }

    /** A config with the test module and the given request_route body. */
    static CompiledConfig route(String body) throws ConfigException {
        return load("loadmodule \"pv\"\nloadmodule \"testmod\"\nrequest_route {\n" + body + "\n}\n");
    }

    static ParsedSipMessage invite() {
        try {
            return ParsedSipMessage.parse(INVITE, "10.0.0.1", 5060);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static RunResult run(CompiledConfig config) {
        return config.runRequestRoute(invite());
    }
}
