import { DynamicModule, Module, Provider, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountsModule } from './accounts/accounts.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { AttendanceModule } from './attendance/attendance.module';
import { AuditModule } from './audit/audit.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CertificatesModule } from './certificates/certificates.module';
import { CohortAdminModule } from './cohort-admin/cohort-admin.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { ErrorFilter } from './common/error.filter';
import { FormErrorsInterceptor, toFormInvalid } from './common/form-view';
import { NavCountsModule } from './common/nav-counts';
import { RolesGuard } from './common/roles.guard';
import { SecondFactorGateModule } from './common/second-factor-gate';
import { SignedInGuard } from './common/signed-in.guard';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { CurriculaModule } from './curricula/curricula.module';
import { dataSourceOptions } from './database/data-source';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { ErasureModule } from './erasure/erasure.module';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { JobsModule } from './jobs/jobs.module';
import { LearningModule } from './learning/learning.module';
import { PracticeModule } from './practice/practice.module';
import { ProgressModule } from './progress/progress.module';
import { LedgerModule } from './ledger/ledger.module';
import { MailModule } from './mail/mail.module';
import { MyDataModule } from './my-data/my-data.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PeopleModule } from './people/people.module';
import { SsoModule } from './sso/sso.module';
import { SecondFactorModule } from './second-factor/second-factor.module';
import { UsersModule } from './users/users.module';

/** What every route passes through: sign-in and role guards, the error pages, form errors, input validation. */
export function globalProviders(): Provider[] {
  return [
    { provide: APP_GUARD, useClass: SignedInGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: FormErrorsInterceptor },
    { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, transform: true, exceptionFactory: toFormInvalid }) },
  ];
}

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.database),
          // The schema comes from the migrations, run before anything else touches the database.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await dataSource.runMigrations({ transaction: 'each' });
            return dataSource;
          },
        }),
        DatabaseModule,
        NavCountsModule,
        SecondFactorGateModule,
        AuditModule,
        UsersModule,
        MailModule,
        JobsModule,
        NotificationsModule,
        AuthModule,
        AccountsModule,
        AuditTrailModule,
        SecondFactorModule,
        CurriculaModule,
        CohortsModule,
        CohortAdminModule,
        PeopleModule,
        AttendanceModule,
        LearningModule,
        PracticeModule,
        CertificatesModule,
        ProgressModule,
        AssignmentsModule,
        LedgerModule,
        HomeModule,
        HealthModule,
        CalendarModule,
        MyDataModule,
        ErasureModule,
        DemoModule,
        SsoModule,
      ],
      providers: globalProviders(),
    };
  }
}
