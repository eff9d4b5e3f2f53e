import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** Whether an organisation employs trainees, takes them on placement, or both. */
export const ORGANISATION_KINDS = ['employer', 'placement', 'both'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An employer or a placement site: a municipality's service, a hospital unit, a user organisation. */
@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20, default: 'employer' })
  kind: OrganisationKind;

  /** The nine digits of the Norwegian register (Enhetsregisteret), without spaces; unique where given. */
  @Index('UQ_organisations_number', { unique: true })
  @Column({ name: 'organisation_number', type: 'varchar', length: 9, nullable: true })
  organisationNumber: string | null;

  @Column({ name: 'contact_email', type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
