import { useTheme } from '@material-ui/core/styles';
import { PagerDutyIncidentsOfDay } from '@backstage-pagerduty/plugin-pagerduty-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

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
  const { t } = useTranslationRef(pagerDutyTranslationRef);
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
      aria-label={
        busiest && busiest.count
          ? t('insights.chartBusiest', {
              days: String(days.length),
              total: String(total),
              max: String(busiest.count),
              date: busiest.date,
            })
          : t('insights.chart', {
              days: String(days.length),
              total: String(total),
            })
      }
      data-testid="pagerduty-incidents-per-day"
    >
      {days.map((d, i) => {
        const h = (d.count / max) * (height - 2);
        const hh = (d.highUrgency / max) * (height - 2);
        const x = i * slot;
        return (
          <g key={d.date}>
            <title>
              {t('insights.bar', {
                date: d.date,
                count: d.count,
                high: String(d.highUrgency),
              })}
            </title>
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
