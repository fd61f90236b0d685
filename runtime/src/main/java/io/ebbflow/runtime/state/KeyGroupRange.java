package io.ebbflow.runtime.state;

/**
 * The key groups {@code [start, end]} (inclusive) a subtask owns; empty when {@code end < start}.
 */
public record KeyGroupRange(int start, int end) {

    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    public int size() {
        return Math.max(0, end - start + 1);
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    @Override
    public String toString() {
        return size() == 0 ? "[]" : "[" + start + ", " + end + "]";
    }
}
