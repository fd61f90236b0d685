package io.ebbflow.core.checkpoint;

/**
 * Where one key group's block is in a subtask's state file.
 *
 * @param crc CRC-32 of the block, checked when it is read
 */
public record KeyGroupOffset(int keyGroup, long offset, int length, long crc) {
}
