// One "all, or one of these" drop-down, as the history search and the report filter by commune, kind,
// priority or officer.
export interface Choice {
  value: string;
  label: string;
}

export function ChoiceFilter(props: {
  label: string;
  allLabel: string;
  choices: readonly Choice[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.allLabel}</option>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
