package io.ebbflow.api.functions;

import java.io.Serializable;

/**
 * Base of every user function. Functions are created in the job's {@code main} and shipped to the
 * TaskExecutors, so they (and what lambdas capture) must be serializable; each parallel subtask gets
 * its own copy.
 */
public interface Function extends Serializable {
}
