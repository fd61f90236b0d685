package io.ebbflow.jm;

import io.ebbflow.jm.adaptive.Executing;
import io.ebbflow.jm.adaptive.Finished;
import io.ebbflow.jm.adaptive.Restarting;
import io.ebbflow.jm.adaptive.SchedulerState;

/**
 * Flink's job time metrics, kept correct across rescales: {@code uptime} (running since the last
 * (re)start), {@code downtime} (restarting or rescaling since), {@code restartingTime} (how long the last
 * restart or rescale took until the job ran again, or the current one so far).
 */
final class JobTimes {

    private long runningSince = -1;
    private long restartingSince = -1;
    private long lastRestartTook;

    void enter(SchedulerState<?> state, long now) {
        if (state instanceof Executing) {
            if (restartingSince >= 0) {
                lastRestartTook = now - restartingSince;
                restartingSince = -1;
            }
            runningSince = now;
        } else if (state instanceof Restarting) {
            runningSince = -1;
            restartingSince = now;
        } else if (state instanceof Finished) {
            runningSince = -1;
            restartingSince = -1;
        }
    }

    long uptime(long now) {
        return runningSince < 0 ? 0 : now - runningSince;
    }

    long downtime(long now) {
        return restartingSince < 0 ? 0 : now - restartingSince;
    }

    long restartingTime(long now) {
        return restartingSince >= 0 ? now - restartingSince : lastRestartTook;
    }
}
