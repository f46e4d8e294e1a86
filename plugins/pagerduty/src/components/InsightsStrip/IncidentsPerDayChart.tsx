import { useTheme } from '@material-ui/core/styles';
import { PagerDutyIncidentsOfDay } from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * Incidents per day as small bars (high urgency in the error colour, stacked under the rest):
 * an SVG, no chart library for thirty bars. The numbers are in the accessible label and the
 * bars' titles.
 */
export function IncidentsPerDayChart(props: {
  days: PagerDutyIncidentsOfDay[];
  width?: number;
  height?: number;
}) {
  const theme = useTheme();
  const { days, width = 240, height = 40 } = props;
  const max = Math.max(1, ...days.map(d => d.count));
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(1, slot - 2);
  const total = days.reduce((n, d) => n + d.count, 0);
  const busiest = days.reduce<PagerDutyIncidentsOfDay | undefined>(
    (b, d) => (!b || d.count > b.count ? d : b),
    undefined,
  );
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`Incidents per day over ${
        days.length
      } days: ${total} in total${
        busiest && busiest.count
          ? `, at most ${busiest.count} on ${busiest.date}`
          : ''
      }`}
      data-testid="pagerduty-incidents-per-day"
    >
      {days.map((d, i) => {
        const h = (d.count / max) * (height - 2);
        const hh = (d.highUrgency / max) * (height - 2);
        const x = i * slot;
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${d.count} incident${
              d.count === 1 ? '' : 's'
            } (${d.highUrgency} high urgency)`}</title>
            <rect
              x={x}
              y={height - 1}
              width={bar}
              height={1}
              fill={theme.palette.divider}
            />
            {d.count > 0 && (
              <rect
                x={x}
                y={height - h}
                width={bar}
                height={h - hh}
                fill={theme.palette.warning.main}
              />
            )}
            {d.highUrgency > 0 && (
              <rect
                x={x}
                y={height - hh}
                width={bar}
                height={hh}
                fill={theme.palette.error.main}
              />
            )}
          </g>
        );
      })}
    </svg>
  );
}
