package io.proxywrap.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proxywrap.core.codec.ProxyProtocolException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionLogTest {

    /** Collects the lines; its clock moves only when told. */
    private static final class Recorder implements RejectionLog.Sink {
        final List<String> lines = new ArrayList<>();
        long now = 1_000_000L;

        @Override
        public void warn(String line) {
            lines.add(line);
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private final Recorder recorder = new Recorder();
    private final RejectionLog log = new RejectionLog(recorder);

    @Test
    void aBurstIsWrittenInFullThenOneLineASecond() {
        for (int i = 0; i < RejectionLog.BURST + 5; i++) {
            log.log(Reason.MALFORMED, "line " + i);
        }
        assertEquals(RejectionLog.BURST, recorder.lines.size());
        assertEquals("line " + (RejectionLog.BURST - 1), recorder.lines.get(RejectionLog.BURST - 1));

        recorder.now += RejectionLog.NANOS_PER_LINE / 2;
        log.log(Reason.MALFORMED, "too soon");
        assertEquals(RejectionLog.BURST, recorder.lines.size());

        recorder.now += RejectionLog.NANOS_PER_LINE / 2;
        log.log(Reason.MALFORMED, "a second later");
        assertEquals("a second later (6 earlier MALFORMED rejections not logged)",
                recorder.lines.get(recorder.lines.size() - 1));

        recorder.now += RejectionLog.NANOS_PER_LINE;
        log.log(Reason.MALFORMED, "and the next");
        assertEquals("and the next", recorder.lines.get(recorder.lines.size() - 1), "the count starts again");
    }

    @Test
    void eachReasonHasItsOwnLimit() {
        for (int i = 0; i < RejectionLog.BURST * 2; i++) {
            log.log(Reason.TIMEOUT, "timeout " + i);
        }
        log.log(Reason.UNTRUSTED, "an untrusted peer");
        assertEquals(RejectionLog.BURST + 1, recorder.lines.size());
        assertEquals("an untrusted peer", recorder.lines.get(RejectionLog.BURST));
    }

    @Test
    void aQuietReasonEarnsBackAtMostTheBurst() {
        for (int i = 0; i < RejectionLog.BURST; i++) {
            log.log(Reason.MISSING, "first " + i);
        }
        recorder.now += 1000 * RejectionLog.NANOS_PER_LINE;
        for (int i = 0; i < RejectionLog.BURST * 2; i++) {
            log.log(Reason.MISSING, "later " + i);
        }
        assertEquals(RejectionLog.BURST * 2, recorder.lines.size());
    }
}
