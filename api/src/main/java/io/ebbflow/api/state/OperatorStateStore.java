package io.ebbflow.api.state;

/**
 * Operator (non-keyed) state of one subtask: named lists. On restore at another parallelism the items of
 * a list are split evenly over the new subtasks; the items of a union list go to every new subtask.
 */
public interface OperatorStateStore {

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor);
}
