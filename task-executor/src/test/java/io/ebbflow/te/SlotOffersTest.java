package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.SlotOffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotOffersTest {

    private final SlotOffers offers = new SlotOffers();
    private final List<SlotOffer> twoSlots = List.of(new SlotOffer(0, "a0"), new SlotOffer(1, "a1"));

    @Test
    void anAnswerSplitsTheOfferIntoAcceptedAndDeclinedSlots() {
        long offer = offers.next("job");

        SlotOffers.Outcome outcome = offers.answered("job", offer, twoSlots, List.of("a1", "not-offered"));

        assertThat(outcome.verdict()).isEqualTo(SlotOffers.Verdict.ANSWERED);
        assertThat(outcome.accepted()).extracting(SlotOffer::allocationId).containsExactly("a1");
        assertThat(outcome.declined()).extracting(SlotOffer::allocationId).containsExactly("a0");
    }

    @Test
    void theReplyToAnOlderOfferIsStaleOnceANewerOneWasMade() {
        long first = offers.next("job");
        long second = offers.next("job");

        assertThat(offers.answered("job", first, twoSlots, List.of("a0")).verdict()).isEqualTo(SlotOffers.Verdict.STALE);
        assertThat(offers.failed("job", first, twoSlots, false).verdict()).isEqualTo(SlotOffers.Verdict.STALE);
        assertThat(offers.answered("job", second, twoSlots, List.of("a0")).verdict()).isEqualTo(SlotOffers.Verdict.ANSWERED);
    }

    @Test
    void eachJobNumbersItsOffersOnItsOwn() {
        long ofJob = offers.next("job");
        offers.next("other");

        assertThat(offers.answered("job", ofJob, twoSlots, List.of()).verdict()).isEqualTo(SlotOffers.Verdict.ANSWERED);
    }

    @Test
    void anUnreachableJobMasterIsRetriedAndARefusalDeclinesTheWholeOffer() {
        long offer = offers.next("job");

        assertThat(offers.failed("job", offer, twoSlots, true)).satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(SlotOffers.Verdict.RETRY);
            assertThat(o.declined()).isEmpty();
        });
        assertThat(offers.failed("job", offer, twoSlots, false)).satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(SlotOffers.Verdict.REFUSED);
            assertThat(o.declined()).isEqualTo(twoSlots);
        });
    }

    @Test
    void aForgottenJobsRepliesAreStale() {
        long offer = offers.next("job");

        offers.forget("job");

        assertThat(offers.answered("job", offer, twoSlots, List.of("a0")).verdict()).isEqualTo(SlotOffers.Verdict.STALE);
    }

    @Test
    void onlyOneRetryPerJobWaitsAtATime() {
        assertThat(offers.armRetry("job")).isTrue();
        assertThat(offers.armRetry("job")).isFalse();
        assertThat(offers.armRetry("other")).isTrue();

        offers.retryDue("job");

        assertThat(offers.armRetry("job")).isTrue();
    }
}
