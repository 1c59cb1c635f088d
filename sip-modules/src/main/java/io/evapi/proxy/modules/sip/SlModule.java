package io.evapi.proxy.modules.sip;

import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.sip.RequestRouting;
import java.util.List;

/** Kamailio's {@code sl}: stateless replies. */
public final class SlModule extends SipModule {

    @Override
    public String name() {
        return "sl";
    }

    @Override
    List<Export> exports() {
        return List.of(
                Export.of("sl_send_reply", 2, 2, SIP_ROUTES, site -> {
                    Argument code = site.arguments().get(0);
                    Argument reason = site.arguments().get(1);
                    Replies.checkCode(code);
                    return ctx -> {
                        RequestRouting rc = ctx.get(RequestRouting.KEY);
                        return rc == null ? -1 : result(rc.slReply((int) code.asLong(ctx), reason.asString(ctx)));
                    };
                }),
                Export.of("sl_reply_error", 0, 0, SIP_ROUTES,
                        site -> onRequest(rc -> result(rc.slReply(500, "Server Internal Error")))));
    }
}
