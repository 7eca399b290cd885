import v8 from 'node:v8';
setTimeout(() => {
  const m = process.memoryUsage();
  const mb = (x) => (x / 1048576).toFixed(1);
  console.error('MEM rss', mb(m.rss), 'heapTotal', mb(m.heapTotal), 'heapUsed', mb(m.heapUsed), 'external', mb(m.external), 'arrayBuffers', mb(m.arrayBuffers));
  for (const s of v8.getHeapSpaceStatistics()) console.error('  ', s.space_name.padEnd(28), 'size', mb(s.space_size), 'used', mb(s.space_used_size), 'phys', mb(s.physical_space_size));
  const hs = v8.getHeapStatistics(); console.error('  malloced', mb(hs.malloced_memory), 'peak malloced', mb(hs.peak_malloced_memory), 'external', mb(hs.external_memory));
}, Number(process.env.MEM_AFTER ?? 8000)).unref();
