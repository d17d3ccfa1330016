//! The memory pool of a session (by default half the machine's memory): DataFusion's fair
//! spilling pool, with shares only once it is contended, taken among the operators holding
//! memory, and hash repartitions never refused.
//!
//! DataFusion's `FairSpillPool` caps every operator that can spill at the pool (less what
//! cannot spill) divided by the number of such operators *registered*. A plan registers many
//! that hold little or nothing (partial aggregations that pass rows through, repartition
//! buffers): workforce_diversity_trend at thirteen national months, within a 12 GB pool,
//! capped its grouped aggregations at about 200 MB and they spilled 70 times each, with the
//! machine mostly idle. Here:
//! - while the pool is less than three quarters full, an operator that can spill gets what it
//!   asks: there is no reason to spill yet;
//! - beyond that, each is held to a share: the pool (less what cannot spill) divided by the
//!   number of operators *holding memory* (the asker included), never fewer than
//!   [`MIN_SHARES`], so that what cannot spill (a sort's merge, a join's build side) keeps room;
//!   one holding more than its share spills at its next growth and frees its memory.
//!
//! Unlike DataFusion's, the limit is never over-committed: a growth that would take the total
//! beyond it is refused, and the operator spills.
//!
//! A repartition's output buffer is granted whatever it asks, and held outside the limit (it is
//! in [`MemoryPool::reserved`], not in what the others may take). In DataFusion 55 a
//! `RepartitionExec` refused memory writes the batch to a spill pool, and when two of its input
//! partitions spill at once the reader can wait forever (apache/datafusion#24883, fixed after
//! 55.2 by #24891): the national run within a 1 GB pool hung in 2 of 6 tries on two partitions.
//! Its buffer is usually small, but grows while one of its outputs is read slowly
//! (apache/datafusion#22090): at one national month within 1 GB, appraisal_coverage_staff's
//! buffers held 0.9 GB while a join built, and counted within the limit they starved its
//! aggregations. So the process can exceed the limit by what repartitions buffer (the national
//! months within 1 GB peaked at 1.5-2.2 GB). Revisit with DataFusion 56.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use datafusion::error::{DataFusionError, Result};
use datafusion::execution::memory_pool::{
    MemoryConsumer, MemoryLimit, MemoryPool, MemoryReservation, human_readable_size,
};

/// The least number of shares the spilling operators' memory is divided into, however few
/// hold memory: with two sorts in a 1 GB pool each may take a quarter, and half is left for
/// their merges and what else cannot spill.
pub const MIN_SHARES: usize = 4;

/// The consumer name DataFusion gives a repartition's output buffer: `RepartitionExec[3]`.
/// Its order-preserving merge (`RepartitionExec[Merge 3]`) is treated like any other.
fn is_repartition_buffer(consumer: &MemoryConsumer) -> bool {
    consumer
        .name()
        .strip_prefix("RepartitionExec[")
        .is_some_and(|rest| !rest.starts_with("Merge"))
}

#[derive(Debug, Default)]
struct State {
    /// Bytes held by consumers that cannot spill.
    unspillable: usize,
    /// Bytes held by repartition buffers, outside the limit.
    buffered: usize,
    /// Bytes held by each consumer that can spill and holds any, by consumer id.
    spilling: HashMap<usize, usize>,
    /// The sum of `spilling`.
    spillable: usize,
}

/// See the module documentation.
#[derive(Debug)]
pub struct SpillPool {
    limit: usize,
    state: Mutex<State>,
}

impl SpillPool {
    pub fn new(limit: usize) -> Self {
        SpillPool {
            limit,
            state: Mutex::default(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Display for SpillPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fair among holders(pool_size: {})",
            human_readable_size(self.limit)
        )
    }
}

fn refused(reservation: &MemoryReservation, additional: usize, available: usize) -> DataFusionError {
    DataFusionError::ResourcesExhausted(format!(
        "Failed to allocate additional {} for {} with {} already allocated for this reservation - {} remain available for it",
        human_readable_size(additional),
        reservation.consumer().name(),
        human_readable_size(reservation.size()),
        human_readable_size(available),
    ))
}

impl MemoryPool for SpillPool {
    fn name(&self) -> &str {
        "fair among holders"
    }

    fn grow(&self, reservation: &MemoryReservation, additional: usize) {
        let mut state = self.state();
        let consumer = reservation.consumer();
        if is_repartition_buffer(consumer) {
            state.buffered += additional;
        } else if consumer.can_spill() {
            *state.spilling.entry(consumer.id()).or_default() += additional;
            state.spillable += additional;
        } else {
            state.unspillable += additional;
        }
    }

    fn shrink(&self, reservation: &MemoryReservation, shrink: usize) {
        let mut state = self.state();
        let consumer = reservation.consumer();
        if is_repartition_buffer(consumer) {
            state.buffered = state.buffered.saturating_sub(shrink);
        } else if consumer.can_spill() {
            let id = consumer.id();
            let held = state
                .spilling
                .get(&id)
                .copied()
                .unwrap_or(0)
                .saturating_sub(shrink);
            if held == 0 {
                state.spilling.remove(&id);
            } else {
                state.spilling.insert(id, held);
            }
            state.spillable = state.spillable.saturating_sub(shrink);
        } else {
            state.unspillable = state.unspillable.saturating_sub(shrink);
        }
    }

    fn try_grow(&self, reservation: &MemoryReservation, additional: usize) -> Result<()> {
        let consumer = reservation.consumer();
        if is_repartition_buffer(consumer) {
            self.grow(reservation, additional);
            return Ok(());
        }
        let mut state = self.state();
        let free = self.limit.saturating_sub(state.unspillable + state.spillable);
        if !consumer.can_spill() {
            if additional > free {
                return Err(refused(reservation, additional, free));
            }
            state.unspillable += additional;
            return Ok(());
        }
        let held = state.spilling.get(&consumer.id()).copied().unwrap_or(0);
        let available = if (self.limit - free) + additional <= self.limit / 4 * 3 {
            // Uncontended: no reason to spill.
            free
        } else {
            let holders = state.spilling.len() + usize::from(held == 0);
            let share = self.limit.saturating_sub(state.unspillable) / holders.max(MIN_SHARES);
            share.saturating_sub(held).min(free)
        };
        if additional > available {
            return Err(refused(reservation, additional, available));
        }
        *state.spilling.entry(consumer.id()).or_default() += additional;
        state.spillable += additional;
        Ok(())
    }

    fn reserved(&self) -> usize {
        let state = self.state();
        state.unspillable + state.spillable + state.buffered
    }

    fn memory_limit(&self) -> MemoryLimit {
        MemoryLimit::Finite(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn consumer(pool: &Arc<dyn MemoryPool>, name: &str, can_spill: bool) -> MemoryReservation {
        MemoryConsumer::new(name).with_can_spill(can_spill).register(pool)
    }

    #[test]
    fn below_three_quarters_full_a_spiller_gets_what_it_asks_beyond_it_its_share() {
        let pool: Arc<dyn MemoryPool> = Arc::new(SpillPool::new(1000));
        // Registered but holding nothing: no share of their own.
        let _idle: Vec<_> = (0..10)
            .map(|i| consumer(&pool, &format!("idle{i}"), true))
            .collect();
        let a = consumer(&pool, "a", true);
        // Uncontended up to 750.
        a.try_grow(700).unwrap();
        let b = consumer(&pool, "b", true);
        b.try_grow(50).unwrap();
        // Beyond it, shares: four (a, b and the asker are fewer) of 1000, 250 each.
        let c = consumer(&pool, "c", true);
        assert!(c.try_grow(251).is_err());
        c.try_grow(200).unwrap();
        assert!(
            a.try_grow(1).is_err(),
            "a holds more than its share: it must spill"
        );
        // What cannot spill takes what is free: 50.
        let merge = consumer(&pool, "merge", false);
        assert!(merge.try_grow(51).is_err());
        merge.try_grow(50).unwrap();
        assert_eq!(pool.reserved(), 1000);
        // a spills: its memory returns, and it may grow again, uncontended.
        a.free();
        assert_eq!(pool.reserved(), 300);
        a.try_grow(450).unwrap();
        assert_eq!(pool.reserved(), 750);
    }

    #[test]
    fn shares_shrink_when_more_hold_memory() {
        let pool: Arc<dyn MemoryPool> = Arc::new(SpillPool::new(1200));
        let holders: Vec<_> = (0..6).map(|i| consumer(&pool, &format!("h{i}"), true)).collect();
        for h in &holders {
            h.try_grow(150).unwrap();
        }
        // 900 of 1200 held: contended. Seven holders with the asker: 1200 / 7 = 171 each,
        // within the 300 free.
        let late = consumer(&pool, "late", true);
        assert!(late.try_grow(172).is_err());
        late.try_grow(171).unwrap();
        assert!(holders[0].try_grow(22).is_err());
        holders[0].try_grow(21).unwrap();
    }

    #[test]
    fn a_repartition_buffer_is_granted_and_held_outside_the_limit() {
        let pool: Arc<dyn MemoryPool> = Arc::new(SpillPool::new(100));
        let buffer = consumer(&pool, "RepartitionExec[1]", true);
        buffer.try_grow(150).unwrap();
        assert_eq!(pool.reserved(), 150);
        // The others may still take the whole limit: a sort uncontended to three quarters,
        // then the repartition's merge (not a buffer) what is left, and no more.
        let sort = consumer(&pool, "ExternalSorter[0]", true);
        sort.try_grow(75).unwrap();
        let merge = consumer(&pool, "RepartitionExec[Merge 1]", false);
        assert!(merge.try_grow(26).is_err());
        merge.try_grow(25).unwrap();
        assert_eq!(pool.reserved(), 250);
        drop(buffer);
        assert_eq!(pool.reserved(), 100);
    }
}
