package io.ebbflow.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.testing.ProtocolSamples;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    @Test
    void samplesCoverEveryMessageType() {
        Set<Class<?>> sampled = new HashSet<>();
        ProtocolSamples.all().forEach(m -> sampled.add(m.getClass()));
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(Endpoints.MESSAGE_TYPES);
    }

    @Test
    void everyMessageSurvivesTheWire() {
        for (ProtocolMessage m : ProtocolSamples.all()) {
            assertThat(roundTrip(m)).as(m.getClass().getSimpleName()).usingRecursiveComparison().isEqualTo(m);
        }
    }

    @Test
    void garbageBytesDecodeToMalformedInsteadOfThrowing() {
        ProtocolCodec<TaskExecutorMessages.RequestSlot> codec =
                new ProtocolCodec<>(TaskExecutorMessages.RequestSlot.class, 1 << 20);
        Buffer notJson = Buffer.buffer().appendInt(5).appendString("{{{{{");
        assertThat(codec.decodeFromWire(0, notJson)).isInstanceOfSatisfying(MalformedMessage.class,
                m -> assertThat(m.reason()).contains("malformed RequestSlot: not valid JSON"));
        Buffer truncated = Buffer.buffer().appendInt(1000).appendString("{}");
        assertThat(codec.decodeFromWire(0, truncated)).isInstanceOfSatisfying(MalformedMessage.class,
                m -> assertThat(m.reason()).contains("truncated"));
        Buffer empty = Buffer.buffer().appendByte((byte) 1);
        assertThat(codec.decodeFromWire(0, empty)).isInstanceOf(MalformedMessage.class);
    }

    @Test
    void oversizedMessagesAreRefusedBeforeParsing() {
        ProtocolCodec<Ack> codec = new ProtocolCodec<>(Ack.class, 10);
        Buffer big = Buffer.buffer().appendInt(11).appendString("{         }");
        assertThat(codec.decodeFromWire(0, big)).isInstanceOfSatisfying(MalformedMessage.class, m -> {
            assertThat(m.error()).isEqualTo(ProtocolError.OVERSIZED);
            assertThat(m.reason()).contains("exceeds rpc.max-message-size");
        });
    }

    @Test
    void decodingNamesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> decode("{\"rmEpoch\":1,\"slotIndex\":0,\"jobId\":\"j\",\"jobMasterEpoch\":1}"))
                .hasMessageContaining("field 'allocationId' is missing");
        assertThatThrownBy(() -> decode("{\"rmEpoch\":1,\"slotIndex\":0,\"jobId\":\"j\",\"jobMasterEpoch\":1,"
                + "\"allocationId\":\"a\",\"extra\":1}"))
                .hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> decode("{\"rmEpoch\":0,\"slotIndex\":0,\"jobId\":\"j\",\"jobMasterEpoch\":1,"
                + "\"allocationId\":\"a\"}"))
                .hasMessageContaining("field 'rmEpoch' must be >= 1, got 0");
        assertThatThrownBy(() -> decode("{\"rmEpoch\":1,\"slotIndex\":0,\"jobId\":\"../../etc\",\"jobMasterEpoch\":1,"
                + "\"allocationId\":\"a\"}"))
                .hasMessageContaining("field 'jobId' must be 1-128 letters");
        assertThatThrownBy(() -> decode("{\"rmEpoch\":\"one\",\"slotIndex\":0,\"jobId\":\"j\",\"jobMasterEpoch\":1,"
                + "\"allocationId\":\"a\"}"))
                .hasMessageContaining("rmEpoch");
        assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decode("{} trailing")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void slotReportsMustBeConsistent() {
        assertThatThrownBy(() -> new SlotReport(List.of(SlotReport.Slot.free(0), SlotReport.Slot.free(0))))
                .hasMessageContaining("lists slot 0 twice");
        assertThatThrownBy(() -> new SlotReport.Slot(0, TaskSlotState.FREE, "job", null))
                .hasMessageContaining("FREE slot has no");
        assertThatThrownBy(() -> new SlotReport.Slot(0, TaskSlotState.ACTIVE, null, null))
                .hasMessageContaining("jobId");
    }

    private static Object decode(String json) {
        return ProtocolJson.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TaskExecutorMessages.RequestSlot.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object roundTrip(ProtocolMessage m) {
        ProtocolCodec codec = new ProtocolCodec(m.getClass(), 1 << 20);
        Buffer buffer = Buffer.buffer();
        codec.encodeToWire(buffer, m);
        return codec.decodeFromWire(0, buffer);
    }
}
