// Runs inside the benchmark's page (bench/board.ts adds it with a script tag): attaches a
// funnel board, waits for its cards to be painted, then drags a card across every column.
window.measureBoard = async function measureBoard(token, ownerId, frames) {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const provider = document.createElement('lode-provider');
  provider.setAttribute('endpoint', location.origin);
  provider.setAttribute('token', token);
  provider.setAttribute('locale', 'en');
  const board = document.createElement('lode-funnel-board');
  board.setAttribute('owner-id', String(ownerId));
  provider.append(board);
  const t0 = performance.now();
  document.body.append(provider);
  const ready = () => {
    const columns = [...(board.shadowRoot?.querySelectorAll('section.column') ?? [])];
    return (
      columns.length > 0 &&
      columns.every(
        (c) => c.querySelector('.cards-empty') || c.querySelector('lode-opportunity-card'),
      )
    );
  };
  while (!ready()) await nextFrame();
  // Two more frames: the one that showed the cards has been painted.
  await nextFrame();
  await nextFrame();
  const paintedMs = performance.now() - t0;
  const root = board.shadowRoot;
  const cards = root.querySelectorAll('lode-opportunity-card').length;
  const card = root.querySelector('lode-opportunity-card');
  const columns = [...root.querySelectorAll('section.column')];
  const dataTransfer = new DataTransfer();
  const init = { dataTransfer, bubbles: true, composed: true, cancelable: true };
  card.dispatchEvent(new DragEvent('dragstart', init));
  const frameMs = [];
  let last = await nextFrame();
  for (let i = 0; i < frames; i++) {
    // Across every column and back, one dragover per frame, as a moving pointer sends them.
    const sweep = Math.floor((i / frames) * 2 * columns.length);
    const index = sweep < columns.length ? sweep : 2 * columns.length - 1 - sweep;
    columns[index].dispatchEvent(new DragEvent('dragover', init));
    const now = await nextFrame();
    frameMs.push(now - last);
    last = now;
  }
  card.dispatchEvent(new DragEvent('dragend', init));
  provider.remove();
  return { paintedMs, frameMs, cards };
};
