//! When digests are posted: a local time on chosen weekdays, across daylight-saving changes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// When digests are posted: a local time on some weekdays in one time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Local time of day.
    pub time: NaiveTime,
    /// IANA time zone.
    pub timezone: Tz,
    /// Posting days.
    pub days: Vec<Weekday>,
}

/// Why a schedule setting is wrong.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScheduleError {
    /// `digest.time` is not `HH:MM`.
    #[error("digest.time is {0:?}, expected a time like \"09:00\"")]
    Time(String),
    /// `digest.timezone` is not an IANA zone.
    #[error("digest.timezone is {0:?}, expected an IANA time zone such as \"Europe/London\"")]
    Timezone(String),
    /// A `digest.days` entry is not a weekday.
    #[error("digest.days has {0:?}, expected weekdays such as Mon, Tue, Wed")]
    Day(String),
    /// `digest.days` is empty: the digest would never post.
    #[error("digest.days is empty, expected at least one weekday such as Mon")]
    NoDays,
}

impl Schedule {
    /// Reads `time` ("09:00"), `timezone` ("Europe/London") and `days` (["Mon", "Tue"]).
    pub fn parse(time: &str, timezone: &str, days: &[String]) -> Result<Self, ScheduleError> {
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
            .map_err(|_| ScheduleError::Time(time.to_string()))?;
        let timezone: Tz = timezone
            .trim()
            .parse()
            .map_err(|_| ScheduleError::Timezone(timezone.to_string()))?;
        let days = days
            .iter()
            .map(|d| {
                d.trim()
                    .parse::<Weekday>()
                    .map_err(|_| ScheduleError::Day(d.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if days.is_empty() {
            return Err(ScheduleError::NoDays);
        }
        Ok(Schedule {
            time,
            timezone,
            days,
        })
    }

    /// The instant of the posting slot on local `date`, if `date` is a posting day. A time that
    /// does not exist that day (skipped by a daylight-saving change) moves to the first minute
    /// after the gap; a time that happens twice is taken the first time.
    pub fn slot_on(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        if !self.days.contains(&date.weekday()) {
            return None;
        }
        let local = date.and_time(self.time);
        // A gap is at most a few hours: try the following minutes until one exists.
        (0..=240).find_map(|minutes| {
            self.timezone
                .from_local_datetime(&(local + Duration::minutes(minutes)))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        })
    }

    /// The first slot strictly after `after`.
    pub fn next_slot(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = after.with_timezone(&self.timezone).date_naive();
        (0..8)
            .filter_map(|d| self.slot_on(today + Duration::days(d)))
            .find(|slot| *slot > after)
    }

    /// The posting day whose slot is due at `now`: the latest slot at or before `now`, when it
    /// was at most `catch_up` ago and that day has not been posted yet. A bot that was down
    /// posts once when it comes back, never a flood of missed days.
    pub fn due(
        &self,
        now: DateTime<Utc>,
        last_posted: Option<NaiveDate>,
        catch_up: Duration,
    ) -> Option<NaiveDate> {
        let today = now.with_timezone(&self.timezone).date_naive();
        let (date, slot) = (0..8)
            .map(|d| today - Duration::days(d))
            .filter_map(|date| self.slot_on(date).map(|slot| (date, slot)))
            .find(|(_, slot)| *slot <= now)?;
        let fresh = now - slot <= catch_up;
        let already = last_posted.is_some_and(|last| last >= date);
        (fresh && !already).then_some(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> Schedule {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri"].map(String::from);
        Schedule::parse("09:00", "Europe/London", &days).expect("schedule")
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn nine_o_clock_london_stays_nine_across_both_dst_changes() {
        let s = london();
        // Winter (GMT): 09:00 local is 09:00 UTC.
        assert_eq!(
            s.slot_on(date("2025-03-28")),
            Some(utc("2025-03-28T09:00:00Z"))
        );
        // Clocks go forward on Sunday 30 March 2025: Monday 09:00 BST is 08:00 UTC.
        assert_eq!(
            s.next_slot(utc("2025-03-28T09:00:00Z")),
            Some(utc("2025-03-31T08:00:00Z"))
        );
        // Clocks go back on Sunday 26 October 2025: Monday 09:00 GMT is 09:00 UTC again.
        assert_eq!(
            s.next_slot(utc("2025-10-24T08:00:00Z")),
            Some(utc("2025-10-27T09:00:00Z"))
        );
        // Weekends are skipped.
        assert_eq!(s.slot_on(date("2025-03-29")), None);
    }

    #[test]
    fn a_time_skipped_by_dst_moves_after_the_gap() {
        let days = ["Sun"].map(String::from);
        let s = Schedule::parse("01:30", "Europe/London", &days).expect("schedule");
        // 01:30 does not exist on 30 March 2025 in London; 02:00 BST (01:00 UTC) is next.
        assert_eq!(
            s.slot_on(date("2025-03-30")),
            Some(utc("2025-03-30T01:00:00Z"))
        );
        // 01:30 happens twice on 26 October 2025: the first one (BST, 00:30 UTC) counts.
        assert_eq!(
            s.slot_on(date("2025-10-26")),
            Some(utc("2025-10-26T00:30:00Z"))
        );
    }

    #[test]
    fn due_once_per_day_within_catch_up() {
        let s = london();
        let catch_up = Duration::hours(12);
        let monday = date("2025-06-02");
        // Before the slot: nothing; at and after it: Monday, until posted.
        assert_eq!(s.due(utc("2025-06-02T07:59:00Z"), None, catch_up), None);
        assert_eq!(
            s.due(utc("2025-06-02T08:00:00Z"), None, catch_up),
            Some(monday)
        );
        assert_eq!(
            s.due(utc("2025-06-02T08:00:30Z"), Some(monday), catch_up),
            None
        );
        // Down at 09:00 and back at 15:00: posts once; back after the catch-up window: skips.
        assert_eq!(
            s.due(
                utc("2025-06-02T14:00:00Z"),
                Some(date("2025-05-30")),
                catch_up
            ),
            Some(monday)
        );
        assert_eq!(
            s.due(
                utc("2025-06-02T21:00:00Z"),
                Some(date("2025-05-30")),
                catch_up
            ),
            None
        );
        // Saturday morning: Friday's slot is long past, nothing is due.
        assert_eq!(
            s.due(
                utc("2025-06-07T10:00:00Z"),
                Some(date("2025-06-05")),
                catch_up
            ),
            None
        );
    }

    #[test]
    fn bad_settings_say_what_is_expected() {
        let days = vec!["Mon".to_string()];
        assert_eq!(
            Schedule::parse("9am", "UTC", &days),
            Err(ScheduleError::Time("9am".into()))
        );
        assert!(Schedule::parse("09:00", "Mars/Olympus", &days)
            .is_err_and(|e| e.to_string().contains("IANA")));
        assert!(Schedule::parse("09:00", "UTC", &["Someday".to_string()])
            .is_err_and(|e| e.to_string().contains("weekdays")));
    }

    #[test]
    fn an_empty_day_list_is_refused() {
        assert_eq!(
            Schedule::parse("09:00", "UTC", &[]),
            Err(ScheduleError::NoDays)
        );
    }
}
