package io.evapi.sip.testkit;

/** sipp scenarios built in code, for one request and the final status the test expects. */
public final class Scenarios {

    private Scenarios() {
    }

    /**
     * A UAC sending one {@code method} request with {@code Max-Forwards: maxForwards} and expecting final
     * {@code expected} (provisionals optional); an INVITE's negative reply is ACKed on the INVITE's branch.
     */
    public static Sipp uacExpecting(String method, int expected, int maxForwards) {
        String branch = "z9hG4bK-[pid]-[call_number]-req";
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="uac-%1$s-%2$d">
                  <send retrans="500">
                    <![CDATA[
                      %1$s sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=%3$s
                      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: 1 %1$s
                      Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
                      Max-Forwards: %4$d
                      Content-Length: 0
                    ]]>
                  </send>
                  <recv response="100" optional="true"/>
                """.formatted(method, expected, branch, maxForwards));
        if (method.equals("INVITE")) {
            xml.append("  <recv response=\"180\" optional=\"true\"/>\n");
            xml.append("  <recv response=\"183\" optional=\"true\"/>\n");
        }
        xml.append("  <recv response=\"").append(expected).append("\"/>\n");
        if (method.equals("INVITE") && expected >= 300) {
            xml.append("""
                      <send>
                        <![CDATA[
                          ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=%s
                          From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                          To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                          Call-ID: [call_id]
                          CSeq: 1 ACK
                          Max-Forwards: 70
                          Content-Length: 0
                        ]]>
                      </send>
                    """.formatted(branch));
        }
        xml.append("</scenario>\n");
        return Sipp.xml("uac-" + method.toLowerCase() + "-" + expected, xml.toString());
    }
}
