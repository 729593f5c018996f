import { z } from 'zod';
import { protectedProcedure, router } from '../../trpc/init.ts';
import { id } from '../../../core/schemas/common.ts';
import { archiveInput } from '../../../core/schemas/partners.ts';
import {
  contactCreateInput,
  contactLinkInput,
  contactListInput,
  contactUnlinkInput,
  contactUpdateInput,
  contactUpdateLinkInput,
} from '../../../core/schemas/contacts.ts';
import * as contacts from '../../services/contacts.ts';

export const contactsRouter = router({
  list: protectedProcedure('contacts.read')
    .input(contactListInput)
    .query(({ ctx, input }) => contacts.listContacts(ctx, input)),
  get: protectedProcedure('contacts.read')
    .input(z.strictObject({ id }))
    .query(({ ctx, input }) => contacts.getContact(ctx, input.id)),
  create: protectedProcedure('contacts.create')
    .input(contactCreateInput)
    .mutation(({ ctx, input }) => contacts.createContact(ctx, input)),
  update: protectedProcedure('contacts.update')
    .input(contactUpdateInput)
    .mutation(({ ctx, input }) => contacts.updateContact(ctx, input)),
  archive: protectedProcedure('contacts.archive')
    .input(archiveInput)
    .mutation(({ ctx, input }) => contacts.archiveContact(ctx, input)),
  link: protectedProcedure('contacts.update')
    .input(contactLinkInput)
    .mutation(({ ctx, input }) => contacts.linkContact(ctx, input)),
  updateLink: protectedProcedure('contacts.update')
    .input(contactUpdateLinkInput)
    .mutation(({ ctx, input }) => contacts.updateLink(ctx, input)),
  unlink: protectedProcedure('contacts.update')
    .input(contactUnlinkInput)
    .mutation(({ ctx, input }) => contacts.unlinkContact(ctx, input)),
});
