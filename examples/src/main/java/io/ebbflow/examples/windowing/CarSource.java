package io.ebbflow.examples.windowing;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.tuple.Tuple4;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed events of {@code numCars} cars from a {@link CarModel}: one split per car, so a car's events
 * stay in order on whichever subtask reads it. Each car emits {@code eventsPerCar} events (unbounded
 * when {@code Long.MAX_VALUE}) at {@code eventsPerSecondPerCar} (0 = as fast as possible). Records carry
 * their event time.
 */
public final class CarSource implements Source<Tuple4<Integer, Integer, Double, Long>, CarSource.CarSplit> {

    private static final long serialVersionUID = 1L;

    private final CarModel model;
    private final int numCars;
    private final long eventsPerCar;
    private final double eventsPerSecondPerCar;

    public CarSource(CarModel model, int numCars, long eventsPerCar, double eventsPerSecondPerCar) {
        if (numCars < 1 || eventsPerCar < 0 || eventsPerSecondPerCar < 0) {
            throw new IllegalArgumentException("need at least one car and non-negative counts and rates");
        }
        this.model = model;
        this.numCars = numCars;
        this.eventsPerCar = eventsPerCar;
        this.eventsPerSecondPerCar = eventsPerSecondPerCar;
    }

    /** One car and how far it has got. */
    public record CarSplit(String splitId, CarModel.CarState state) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return eventsPerCar == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public List<CarSplit> createSplits(int parallelism) {
        List<CarSplit> splits = new ArrayList<>();
        for (int car = 0; car < numCars; car++) {
            splits.add(new CarSplit("car-" + car, CarModel.CarState.initial(car)));
        }
        return splits;
    }

    @Override
    public SourceReader<Tuple4<Integer, Integer, Double, Long>, CarSplit> createReader(SourceReaderContext context) {
        return new Reader(context);
    }

    private final class Reader implements SourceReader<Tuple4<Integer, Integer, Double, Long>, CarSplit> {
        private final SourceReaderContext context;
        private final List<CarModel.CarState> cars = new ArrayList<>();
        private long startMillis = -1;
        private long round;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void addSplits(List<CarSplit> splits) {
            splits.forEach(s -> cars.add(s.state()));
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Tuple4<Integer, Integer, Double, Long>> output) {
            long rounds = 256;
            if (eventsPerSecondPerCar > 0) {
                long now = context.currentProcessingTimeMillis();
                if (startMillis < 0) {
                    startMillis = now;
                }
                rounds = Math.min(rounds, (long) ((now - startMillis) / 1000.0 * eventsPerSecondPerCar) + 1 - round);
            }
            // A round is one event of every car that has events left.
            for (long r = 0; r < rounds && !exhausted(); r++, round++) {
                for (int i = 0; i < cars.size(); i++) {
                    if (cars.get(i).nextStep() >= eventsPerCar) {
                        continue;
                    }
                    CarModel.CarState next = model.advance(cars.get(i));
                    cars.set(i, next);
                    Tuple4<Integer, Integer, Double, Long> event = model.event(next);
                    output.collect(event, event.f3);
                }
            }
            if (exhausted()) {
                return InputStatus.END_OF_INPUT;
            }
            return eventsPerSecondPerCar > 0 ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
        }

        private boolean exhausted() {
            return cars.stream().allMatch(c -> c.nextStep() >= eventsPerCar);
        }

        @Override
        public long waitMillis() {
            return eventsPerSecondPerCar <= 0 ? 1 : Math.max(1, (long) (1000.0 / eventsPerSecondPerCar / 2));
        }

        @Override
        public List<CarSplit> snapshotState() {
            List<CarSplit> out = new ArrayList<>();
            cars.forEach(c -> out.add(new CarSplit("car-" + c.carId(), c)));
            return out;
        }
    }
}
