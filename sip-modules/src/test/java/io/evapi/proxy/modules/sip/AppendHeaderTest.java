package io.evapi.proxy.modules.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.evapi.proxy.pv.TestContext;
import io.evapi.proxy.spi.Argument;
import io.evapi.proxy.spi.CallSite;
import io.evapi.proxy.spi.ModuleContext;
import io.evapi.proxy.spi.ScriptFunction;
import io.evapi.proxy.spi.sip.RequestRouting;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** append_hf with text from data: a line break inside would smuggle headers in, so it is refused. */
class AppendHeaderTest {
    private final RequestRouting request = mock(RequestRouting.class);

    private int appendHf(String formatted) throws Exception {
        Argument header = mock(Argument.class);
        when(header.constant()).thenReturn(Optional.empty());
        when(header.asString(any())).thenReturn(formatted);
        CallSite site = mock(CallSite.class);
        when(site.arguments()).thenReturn(List.of(header));
        ScriptFunction appendHf = new RoutingModules.Textops().configure(mock(ModuleContext.class)).function("append_hf");
        TestContext run = new TestContext();
        run.put(RequestRouting.KEY, request);
        return appendHf.bind(site).call(run);
    }

    @Test
    void aHeaderAsKamailioConfigsWriteItIsAppended() throws Exception {
        assertThat(appendHf("X-Account: gold\r\n")).isEqualTo(1);
        verify(request).appendHeader("X-Account", "gold");
    }

    @Test
    void aLineBreakInsideIsRefusedAndNothingIsAppended() throws Exception {
        assertThat(appendHf("X-Note: ok\r\nX-Injected: yes\r\n")).isEqualTo(-1);
        assertThat(appendHf("X-Note: ok\nRoute: <sip:evil.example.com;lr>")).isEqualTo(-1);
        verify(request, never()).appendHeader(anyString(), anyString());
    }
}
