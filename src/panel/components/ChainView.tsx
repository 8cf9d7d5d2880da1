import { useState } from 'react';
import type { LeakCluster } from '../../core/report/model.ts';
import type { SourceLocation } from '../../core/snapshot.ts';
import { formatBytes, formatLocationFile } from '../../core/report/format.ts';
import { usePanelServices } from '../panel-context.tsx';

/** Opens a closure's source in DevTools' Sources panel; without a script URL there is nothing to open. */
function LocationButton({ location }: { location: SourceLocation }) {
  const { host } = usePanelServices();
  const text = formatLocationFile(location);
  if (!location.url) return <code className="location">{text}</code>;
  const url = location.url;
  return (
    <button
      type="button"
      className="link location"
      onClick={() => host.openResource(url, location.line, location.column)}
    >
      {text}
    </button>
  );
}

/** A leak's retainer chain, readable steps by default, the raw snapshot edges on demand. */
export function ChainView({ leak }: { leak: LeakCluster }) {
  const [raw, setRaw] = useState(false);
  return (
    <section className="chain" aria-label={`Retainer chain of ${leak.id}`}>
      <header>
        <h3>Why it is still alive</h3>
        <button type="button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          {raw ? 'Show readable chain' : 'Show raw chain'}
        </button>
      </header>
      {raw ? (
        <ol className="raw-chain">
          {leak.retainerChain.map((step, index) => (
            <li key={index} className={step.detached ? 'detached' : undefined}>
              {step.edge && <span className="edge">{`—${step.edge}→ `}</span>}
              <span className="node">{step.node}</span>{' '}
              <span className="meta">
                {step.nodeType} @{step.nodeId} · {formatBytes(step.retainedSize)}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <ol className="readable-chain">
          {leak.readableChain.map((step, index) => (
            <li key={index} className={`step step-${step.kind}`}>
              <span>{step.text}</span>
              {step.location && <LocationButton location={step.location} />}
            </li>
          ))}
        </ol>
      )}
      {leak.locations.length > 0 && (
        <p className="locations">
          Code on the chain:{' '}
          {leak.locations.map((location, index) => (
            <LocationButton key={index} location={location} />
          ))}
        </p>
      )}
    </section>
  );
}
