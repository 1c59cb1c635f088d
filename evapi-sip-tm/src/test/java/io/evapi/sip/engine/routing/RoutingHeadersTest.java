package io.evapi.sip.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.evapi.sip.engine.ListenPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.function.BiPredicate;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class RoutingHeadersTest {

    private static final BiPredicate<String, Integer> US = (host, port) -> host.equals("127.0.0.1") && port == 5060;

    private static Request request(String extraHeaders) throws Exception {
        String text = "BYE sip:bob@10.0.0.2:5070 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5061;branch=z9hG4bK-1\r\n"
                + "From: <sip:alice@10.0.0.1>;tag=a\r\nTo: <sip:bob@10.0.0.2>;tag=b\r\n"
                + "Call-ID: c1\r\nCSeq: 2 BYE\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n";
        return new MessageFactoryImpl().createRequest(text);
    }

    private static List<String> routes(Request r) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = r.getHeaders(RouteHeader.NAME);
        while (it.hasNext()) {
            out.add(((RouteHeader) it.next()).getAddress().getURI().toString());
        }
        return out;
    }

    @Test
    void looseRouteConsumesOurRouteAndKeepsTheRest() throws Exception {
        Request r = request("Route: <sip:127.0.0.1:5060;lr>, <sip:10.0.0.9;lr>\r\n");
        assertThat(RoutingHeaders.looseRoute(r, US)).isTrue();
        assertThat(routes(r)).containsExactly("sip:10.0.0.9;lr");
        assertThat(RoutingHeaders.nextHopUri(r, null).toString()).isEqualTo("sip:10.0.0.9;lr");
    }

    @Test
    void looseRouteConsumesADoubleRecordRouteAndLeavesNoEmptyRoute() throws Exception {
        Request r = request("Route: <sip:127.0.0.1:5060;lr>\r\nRoute: <sip:127.0.0.1;transport=tcp;lr>\r\n");
        assertThat(RoutingHeaders.looseRoute(r, US)).isTrue();
        assertThat(r.getHeader(RouteHeader.NAME)).isNull();
        assertThat(r.toString()).doesNotContain("Route");
        assertThat(RoutingHeaders.nextHopUri(r, null).toString()).isEqualTo("sip:bob@10.0.0.2:5070");
    }

    @Test
    void looseRouteWithoutRouteIsFalseAndForeignRouteIsKept() throws Exception {
        assertThat(RoutingHeaders.looseRoute(request(""), US)).isFalse();
        Request foreign = request("Route: <sip:10.0.0.9;lr>\r\n");
        assertThat(RoutingHeaders.looseRoute(foreign, US)).isTrue();
        assertThat(routes(foreign)).containsExactly("sip:10.0.0.9;lr");
    }

    @Test
    void maxForwardsIsAddedDecrementedCappedAndExhausted() throws Exception {
        HeaderFactoryImpl headers = new HeaderFactoryImpl();
        Request absent = request("");
        assertThat(RoutingHeaders.processMaxForwards(absent, 10, headers)).isEqualTo(RoutingHeaders.MaxForwards.ADDED);
        assertThat(((MaxForwardsHeader) absent.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(10);

        Request usual = request("Max-Forwards: 70\r\n");
        RoutingHeaders.processMaxForwards(usual, 10, headers);
        assertThat(((MaxForwardsHeader) usual.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(69);

        Request one = request("Max-Forwards: 1\r\n");
        assertThat(RoutingHeaders.processMaxForwards(one, 10, headers))
                .isEqualTo(RoutingHeaders.MaxForwards.DECREMENTED);
        assertThat(((MaxForwardsHeader) one.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isZero();
        assertThat(RoutingHeaders.processMaxForwards(one, 10, headers))
                .isEqualTo(RoutingHeaders.MaxForwards.EXHAUSTED);
    }

    @Test
    void recordRouteNamesTheInterfaceAndTransport() throws Exception {
        Request r = request("");
        RoutingHeaders.addRecordRoute(r, ListenPoint.tcp("127.0.0.1", 5080), new AddressFactoryImpl(),
                new HeaderFactoryImpl());
        RecordRouteHeader rr = (RecordRouteHeader) r.getHeader(RecordRouteHeader.NAME);
        assertThat(rr.getAddress().getURI().toString()).isEqualTo("sip:127.0.0.1:5080;transport=tcp;lr");
    }

    @Test
    void destinationUriWinsForTheNextHopAndTransportDefaultsToUdp() throws Exception {
        Request r = request("Route: <sip:10.0.0.9;lr>\r\n");
        javax.sip.address.URI du = new AddressFactoryImpl().createURI("sip:10.0.0.7:5090;transport=TCP");
        assertThat(RoutingHeaders.nextHopUri(r, du)).isSameAs(du);
        assertThat(RoutingHeaders.transportOf(du)).isEqualTo("tcp");
        assertThat(RoutingHeaders.transportOf(r.getRequestURI())).isEqualTo("udp");
    }

    @Test
    void statelessBranchIsStablePerIncomingBranchAndMethod() {
        assertThat(RoutingHeaders.statelessBranch("z9hG4bK-1", "ACK"))
                .isEqualTo(RoutingHeaders.statelessBranch("z9hG4bK-1", "ACK"))
                .isNotEqualTo(RoutingHeaders.statelessBranch("z9hG4bK-2", "ACK"))
                .startsWith("z9hG4bK");
        assertThat(RoutingHeaders.newBranch()).startsWith("z9hG4bK").isNotEqualTo(RoutingHeaders.newBranch());
    }
}
