/** A window's open days, a checkbox each (the mailbox send window, a campaign's calling window). */
export function WeekdayChoices({ name, days, chosen, invalid }: { name: string; days: readonly { value: string; label: string }[]; chosen: readonly string[]; invalid: object }) {
  return (
    <div className="weekday-choices" {...invalid}>
      {days.map((day) => (
        <label className="checkbox" key={day.value}>
          <input type="checkbox" name={name} value={day.value} defaultChecked={chosen.includes(day.value)} /> {day.label}
        </label>
      ))}
    </div>
  );
}
