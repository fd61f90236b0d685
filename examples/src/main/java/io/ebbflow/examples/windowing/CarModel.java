package io.ebbflow.examples.windowing;

import io.ebbflow.api.tuple.Tuple4;
import java.io.Serializable;

/**
 * The cars of {@link TopSpeedWindowing}: each car starts at 50 km/h and, every event, speeds up or
 * slows down by 5 km/h (kept within 0..100) and travels {@code speed / 3.6} metres. Whether it speeds up
 * is a pure function of (seed, car, step), so the same seed always gives the same events, however the
 * cars are spread over subtasks.
 *
 * <p>An event is {@code (carId, speed, distance, timestamp)}, with timestamp
 * {@code startTime + step * intervalMillis}.
 */
public final class CarModel implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int INITIAL_SPEED = 50;
    public static final int SPEED_STEP = 5;
    public static final int MAX_SPEED = 100;

    private final long seed;
    private final long startTime;
    private final long intervalMillis;

    public CarModel(long seed, long startTime, long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("intervalMillis must be positive");
        }
        this.seed = seed;
        this.startTime = startTime;
        this.intervalMillis = intervalMillis;
    }

    public long seed() {
        return seed;
    }

    /** Where one car is: its next step, current speed and distance travelled. */
    public record CarState(int carId, long nextStep, int speed, double distance) implements Serializable {
        public static CarState initial(int carId) {
            return new CarState(carId, 0, INITIAL_SPEED, 0.0);
        }
    }

    /** The state after the event of {@code state.nextStep()}. */
    public CarState advance(CarState state) {
        boolean faster = randomBit(state.carId(), state.nextStep());
        int speed = faster ? Math.min(MAX_SPEED, state.speed() + SPEED_STEP) : Math.max(0, state.speed() - SPEED_STEP);
        return new CarState(state.carId(), state.nextStep() + 1, speed, state.distance() + speed / 3.6d);
    }

    /** The event describing a state just produced by {@link #advance}. */
    public Tuple4<Integer, Integer, Double, Long> event(CarState after) {
        return Tuple4.of(after.carId(), after.speed(), after.distance(), timestampOf(after.nextStep() - 1));
    }

    public long timestampOf(long step) {
        return startTime + step * intervalMillis;
    }

    private boolean randomBit(int carId, long step) {
        long z = seed + 0x9E3779B97F4A7C15L * (carId + 1) + 0xC2B2AE3D27D4EB4FL * (step + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z & 1) == 1;
    }
}
