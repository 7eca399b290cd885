import type { Tx } from '../../../db/client.ts';

export type Released = {
  numbers: string[];
  devices: number;
  licenses: number;
  extension: string | null;
};

/**
 * Returns a user's phone numbers, devices, licenses (station packages included) and extension to
 * their pools, in the caller's transaction (deactivating with "release").
 */
export async function releaseResources(tx: Tx, user: { id: string; extension: string | null }): Promise<Released> {
  const numbers = await tx.phoneNumber.findMany({ where: { userId: user.id }, select: { number: true } });
  await tx.phoneNumber.updateMany({ where: { userId: user.id }, data: { userId: null, assignedAt: null } });
  const devices = await tx.device.updateMany({ where: { userId: user.id }, data: { userId: null, assignedAt: null } });
  const licenses = await tx.licenseAssignment.deleteMany({ where: { userId: user.id } });
  if (user.extension) await tx.user.update({ where: { id: user.id }, data: { extension: null } });
  return {
    numbers: numbers.map((row) => row.number),
    devices: devices.count,
    licenses: licenses.count,
    extension: user.extension,
  };
}
