/**
 * Apache Kafka connector: {@code KafkaSource} (topic partitions as splits, offsets in checkpoints, new partitions
 * discovered by the JobMaster) and {@code KafkaSink} (NONE, AT_LEAST_ONCE, or EXACTLY_ONCE through Kafka
 * transactions committed when a checkpoint completes), with Flink's class names and builder shapes.
 */
package io.ebbflow.connector.kafka;
