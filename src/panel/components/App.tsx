import { useState, type DragEvent } from 'react';
import { usePanelServices, usePanelState } from '../panel-context.tsx';
import { PhaseBanner } from './PhaseBanner.tsx';
import { QuickResults } from './QuickResults.tsx';
import { ResultTabs } from './ResultTabs.tsx';
import { CheckpointList, StatusLine } from './StatusLine.tsx';
import { SummaryCards } from './SummaryCards.tsx';
import { Toolbar } from './Toolbar.tsx';

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/** The whole panel is a drop target for .heapsnapshot files. */
export function App() {
  const { controller } = usePanelServices();
  const theme = usePanelState((s) => s.theme);
  const report = usePanelState((s) => s.report);
  const quickComparison = usePanelState((s) => s.quickComparison);
  const checkpointCount = usePanelState((s) => s.checkpoints.length);
  const [dragging, setDragging] = useState(false);

  return (
    <main
      className={dragging ? 'panel dragging' : 'panel'}
      data-theme={theme}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void controller.importFiles([...e.dataTransfer.files]);
      }}
    >
      <Toolbar />
      <StatusLine />
      <CheckpointList />
      <PhaseBanner />
      {report ? (
        <>
          <SummaryCards summary={report.summary} />
          <ResultTabs report={report} />
        </>
      ) : quickComparison ? (
        <QuickResults comparison={quickComparison} />
      ) : (
        <p className="empty intro">
          {checkpointCount === 0
            ? 'Record a baseline, do the action you suspect (open a dialog, navigate), record the target, undo it, ' +
              'record the final checkpoint. Or drop .heapsnapshot files here.'
            : 'Results appear once two checkpoints exist.'}
        </p>
      )}
    </main>
  );
}
