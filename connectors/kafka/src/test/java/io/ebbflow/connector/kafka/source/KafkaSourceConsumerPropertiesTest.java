package io.ebbflow.connector.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.serialization.SimpleStringSchema;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The settings each reader's consumer gets: the source's defaults, and the user's settings over them. */
class KafkaSourceConsumerPropertiesTest {

    private static KafkaSourceBuilder<String> source() {
        return KafkaSource.<String>builder().setBootstrapServers("127.0.0.1:9092").setTopics("orders")
                .setValueOnlyDeserializer(new SimpleStringSchema());
    }

    @Test
    void theConsumerUsesTheOperatingSystemsSocketReceiveBufferUnlessTold() {
        Properties props = source().build().consumerProperties(0);

        assertThat(props.getProperty(ConsumerConfig.RECEIVE_BUFFER_CONFIG)).isEqualTo("-1");
        assertThat(props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("ebbflow-kafka-source-0");
    }

    @Test
    void aReceiveBufferTheUserSetIsKept() {
        Properties props = source().setProperty(ConsumerConfig.RECEIVE_BUFFER_CONFIG, "65536").build()
                .consumerProperties(3);

        assertThat(props.getProperty(ConsumerConfig.RECEIVE_BUFFER_CONFIG)).isEqualTo("65536");
        assertThat(props.getProperty(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("ebbflow-kafka-source-3");
    }
}
